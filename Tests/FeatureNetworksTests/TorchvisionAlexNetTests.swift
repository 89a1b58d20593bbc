import FeatureNetworks
import Foundation
import Testing
import NN
import TestSupport

@Suite struct TorchvisionAlexNetTests {
    @Test func embeddedWeightsBuildTheTorchvisionStages() throws {
        let net = try EmbeddedWeights.imagenetNetwork()
        #expect(net.stageNames == ["conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "conv3", "relu3",
                                   "conv4", "relu4", "conv5", "relu5", "pool5"])
        #expect(net.nativeInputSize == 224)
        #expect(net.parameters.allSatisfy { $0.isFrozen })
        let x = Tensor.uniform(shape: [1, 3, 224, 224], using: &SeededGeneratorBox.make(1).generator)
        let f = try net.features(x, at: ["conv1", "pool1", "conv2", "pool2", "conv5", "pool5"], mode: .inference)
        #expect(f["conv1"]!.shape == [1, 64, 55, 55])
        #expect(f["pool1"]!.shape == [1, 64, 27, 27])
        #expect(f["conv2"]!.shape == [1, 192, 27, 27])
        #expect(f["pool2"]!.shape == [1, 192, 13, 13])
        #expect(f["conv5"]!.shape == [1, 256, 13, 13])
        #expect(f["pool5"]!.shape == [1, 256, 6, 6])
    }

    /// The whole stack against naive loops: normalisation, conv (Naive.conv2D), ReLU and floor pooling.
    @Test func featuresMatchNaiveLoops() throws {
        let net = try EmbeddedWeights.imagenetNetwork()
        var g = SeededGenerator(seed: 2)
        let x = Tensor.uniform(shape: [2, 3, 67, 67], using: &g)
        let f = try net.features(x, at: ["relu3"], mode: .inference)["relu3"]!
        var h = x
        let mean: [Float] = [0.485, 0.456, 0.406], std: [Float] = [0.229, 0.224, 0.225]
        for i in 0..<h.count { let c = (i / (67 * 67)) % 3; h[flat: i] = (h[flat: i] - mean[c]) / std[c] }
        for stage in net.stages.prefix(8) {
            switch stage.layer {
            case let conv as Conv2D:
                h = Naive.conv2D(h, weight: conv.weight.value, bias: conv.bias?.value, stride: conv.stride.0,
                                 padding: conv.padding.0, groups: conv.groups)
            case is ReLU:
                h = NaiveLayers.relu(h)
            case let pool as MaxPool2D:
                h = naiveMaxPool2D(h, kernelSize: pool.kernelSize, stride: pool.stride, padding: pool.padding,
                                   rounding: pool.rounding).output
            default:
                Issue.record("unexpected stage \(stage.name)")
            }
        }
        #expect(f.shape == h.shape)
        #expect(maximumDifference(f, h) < 1e-3 * max(1, h.scalars.map(abs).max()!))
    }

    @Test func wrongShapeNamesTheTensor() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.safetensors")
        var tensors = try SafeTensorsFile(contentsOf: EmbeddedWeights.imagenetAlexNet).tensors()
        tensors["features.3.weight"] = Tensor(zeros: [192, 32, 5, 5])
        try SafeTensorsFile.write(tensors, to: file)
        #expect(throws: WeightFileError.wrongShape(file: file.path, tensor: "features.3.weight",
                                                   expected: "[out, 64, 5, 5]", found: [192, 32, 5, 5])) {
            try TorchvisionAlexNet.network(from: SafeTensorsFile(contentsOf: file), name: "bad")
        }
        tensors.removeValue(forKey: "features.3.weight")
        try SafeTensorsFile.write(tensors, to: file)
        #expect(throws: SafeTensorsError.self) {
            try TorchvisionAlexNet.network(from: SafeTensorsFile(contentsOf: file), name: "bad")
        }
    }

    @Test func unknownLayerListsTheLayersThereAre() throws {
        let net = try EmbeddedWeights.imagenetNetwork()
        #expect(throws: FeatureNetworkError.self) {
            try net.features(Tensor(zeros: [1, 3, 64, 64]), at: ["fc6"], mode: .inference)
        }
        let message = (try? net.stageIndex("relu9")).map { _ in "" }
            ?? "\((FeatureNetworkError.unknownLayer("relu9", network: "imagenet", available: net.stageNames)))"
        #expect(message.hasPrefix("imagenet has no layer relu9; it has conv1, relu1, pool1"))
    }
}
