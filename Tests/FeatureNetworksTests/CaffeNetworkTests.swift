import CaffeModel
import CaffeTestSupport
import FeatureNetworks
import Foundation
import Testing
import NN
import TestSupport
import WeightStore

/// Tiny AlexNet-shaped Caffe models written by the tests themselves, in both layer formats
/// (V2 `layer`, V1 `layers` with legacy 4-D blob shapes) and both orders, loaded back and
/// compared with a forward pass written with the naive reference loops.
@Suite struct CaffeNetworkTests {
    enum Order: String, CaseIterable, Sendable { case alexnet, caffenet }

    struct Model {
        let net: CaffeNet
        let conv1w: Tensor, conv1b: Tensor, conv2w: Tensor, conv2b: Tensor, fc6w: Tensor, fc6b: Tensor
    }

    /// conv1 3→4 k3 s2, relu, LRN(3, α 0.5), pool 3/2 ceil, conv2 4→6 k3 p1 groups 2, relu, LRN, pool,
    /// fc6 → 5 (+ relu, dropout): at 19x19: conv1 9x9, pool1 4x4, conv2 4x4, pool2 2x2, fc6 in 24.
    static func model(order: Order, format: CaffeNet.LayerFormat) -> Model {
        var g = SeededGenerator(seed: 42)
        let conv1w = Tensor.uniform(shape: [4, 3, 3, 3], low: -0.5, high: 0.5, using: &g)
        let conv1b = Tensor.uniform(shape: [4], low: -0.1, high: 0.1, using: &g)
        let conv2w = Tensor.uniform(shape: [6, 2, 3, 3], low: -0.5, high: 0.5, using: &g)
        let conv2b = Tensor.uniform(shape: [6], low: -0.1, high: 0.1, using: &g)
        let fc6w = Tensor.uniform(shape: [5, 24], low: -0.5, high: 0.5, using: &g)
        let fc6b = Tensor.uniform(shape: [5], low: -0.1, high: 0.1, using: &g)
        let legacy = format == .v1
        func blob(_ t: Tensor, legacyShape: [Int]) -> CaffeBlob {
            CaffeBlob(shape: legacy ? legacyShape : t.shape, data: t.scalars)
        }
        let lrn = CaffeLRN(size: 3, alpha: 0.5, beta: 0.75, k: 2)
        let pool = CaffePooling(method: .max, kernelSize: .init(square: 3), stride: .init(square: 2))
        func block(_ n: Int) -> [CaffeLayer] {
            let norm = CaffeLayer(name: "norm\(n)", kind: .lrn(lrn))
            let pooling = CaffeLayer(name: "pool\(n)", kind: .pooling(pool))
            return order == .alexnet ? [norm, pooling] : [pooling, norm]
        }
        var layers = [CaffeLayer(name: "data", kind: .other(typeName: "Data"))]
        layers.append(CaffeLayer(name: "conv1", kind: .convolution(.init(outputChannels: 4, kernelSize: .init(square: 3),
                                                                         stride: .init(square: 2))),
                                 blobs: [blob(conv1w, legacyShape: [4, 3, 3, 3]), blob(conv1b, legacyShape: [1, 1, 1, 4])]))
        layers.append(CaffeLayer(name: "relu1", kind: .relu(negativeSlope: 0)))
        layers += block(1)
        layers.append(CaffeLayer(name: "conv2", kind: .convolution(.init(outputChannels: 6, kernelSize: .init(square: 3),
                                                                         padding: .init(square: 1), groups: 2)),
                                 blobs: [blob(conv2w, legacyShape: [6, 2, 3, 3]), blob(conv2b, legacyShape: [1, 1, 1, 6])]))
        layers.append(CaffeLayer(name: "relu2", kind: .relu(negativeSlope: 0)))
        layers += block(2)
        layers.append(CaffeLayer(name: "fc6", kind: .innerProduct(.init(outputCount: 5)),
                                 blobs: [blob(fc6w, legacyShape: [1, 1, 5, 24]), blob(fc6b, legacyShape: [1, 1, 1, 5])]))
        layers.append(CaffeLayer(name: "relu6", kind: .relu(negativeSlope: 0)))
        layers.append(CaffeLayer(name: "drop6", kind: .dropout(ratio: 0.5)))
        layers.append(CaffeLayer(name: "prob", kind: .other(typeName: "Softmax")))
        return Model(net: CaffeNet(name: "tiny", inputs: [CaffeInput(name: "data", shape: [1, 3, 19, 19])],
                                   layers: layers, layerFormat: format),
                     conv1w: conv1w, conv1b: conv1b, conv2w: conv2w, conv2b: conv2b, fc6w: fc6w, fc6b: fc6b)
    }

    static func write(_ net: CaffeNet, format: CaffeNet.LayerFormat, to dir: URL, name: String = "tiny") throws -> URL {
        let url = dir.appendingPathComponent("\(name)-\(format).caffemodel")
        try Data(net.serialized(as: format)).write(to: url)
        return url
    }

    static func temporaryFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caffe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(arguments: Order.allCases, [CaffeNet.LayerFormat.v1, .v2])
    func loadsAndMatchesNaiveForward(_ order: Order, _ format: CaffeNet.LayerFormat) throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let m = Self.model(order: order, format: format)
        let url = try Self.write(m.net, format: format, to: dir)
        let mean: [Float] = [104, 117, 123]
        let network = try FeatureNetworkLoader.network(file: url.path, meanBGR: mean)
        let expectedStages = order == .alexnet
            ? ["conv1", "relu1", "norm1", "pool1", "conv2", "relu2", "norm2", "pool2", "fc6", "relu6"]
            : ["conv1", "relu1", "pool1", "norm1", "conv2", "relu2", "pool2", "norm2", "fc6", "relu6"]
        #expect(network.stageNames == expectedStages)
        #expect(network.nativeInputSize == 19)   // the file's declared input

        var g = SeededGenerator(seed: 7)
        let x = Tensor.uniform(shape: [2, 3, 19, 19], using: &g)
        let features = try network.features(x, at: ["relu2", "fc6", "relu6"], mode: .inference)

        // Caffe's input: BGR, 0-255, minus the mean.
        var h = Tensor(zeros: x.shape)
        for n in 0..<2 { for c in 0..<3 { for p in 0..<(19 * 19) {
            h[flat: (n * 3 + c) * 361 + p] = 255 * x[flat: (n * 3 + (2 - c)) * 361 + p] - mean[c]
        } } }
        func lrn(_ t: Tensor) -> Tensor { naiveLocalResponseNorm(t, size: 3, alpha: 0.5, beta: 0.75, k: 2) }
        func pool(_ t: Tensor) -> Tensor { naiveMaxPool2D(t, kernelSize: 3, stride: 2, padding: 0, rounding: .ceil).output }
        h = NaiveLayers.relu(Naive.conv2D(h, weight: m.conv1w, bias: m.conv1b, stride: 2, padding: 0, groups: 1))
        h = order == .alexnet ? pool(lrn(h)) : lrn(pool(h))
        let relu2 = NaiveLayers.relu(Naive.conv2D(h, weight: m.conv2w, bias: m.conv2b, stride: 1, padding: 1, groups: 2))
        h = order == .alexnet ? pool(lrn(relu2)) : lrn(pool(relu2))
        #expect(h.shape == [2, 6, 2, 2])
        let fc6 = Naive.linear(h.reshaped([2, 24]), weight: m.fc6w, bias: m.fc6b)

        let scale = max(1, relu2.scalars.map(abs).max()!)
        #expect(maximumDifference(features["relu2"]!, relu2) <= 1e-4 * scale)
        #expect(maximumDifference(features["fc6"]!, fc6) <= 1e-4 * max(1, fc6.scalars.map(abs).max()!))
        #expect(features["relu6"]! == NaiveLayers.relu(features["fc6"]!))
    }

    @Test func badFilesGiveTheirOwnErrors() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let m = Self.model(order: .alexnet, format: .v2)
        let good = try Self.write(m.net, format: .v2, to: dir)
        let bytes = try Data(contentsOf: good)

        let truncated = dir.appendingPathComponent("truncated.caffemodel")
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        #expect(throws: CaffeModelError.self) { try FeatureNetworkLoader.network(file: truncated.path) }

        let corrupt = dir.appendingPathComponent("corrupt.caffemodel")
        var flipped = bytes
        flipped[0] = 0xFF   // a key whose varint never ends
        for i in 1..<12 { flipped[i] = 0xFF }
        try flipped.write(to: corrupt)
        #expect(throws: CaffeModelError.self) { try FeatureNetworkLoader.network(file: corrupt.path) }

        // A blob whose element count does not fit the layer (fc6 expects 5 outputs of 24).
        var layers = m.net.layers
        let fc6 = layers.firstIndex { $0.name == "fc6" }!
        layers[fc6] = CaffeLayer(name: "fc6", kind: .innerProduct(.init(outputCount: 5)),
                                 blobs: [CaffeBlob(shape: [5, 20], data: [Float](repeating: 0, count: 100)),
                                         CaffeBlob(shape: [5], data: [0, 0, 0, 0, 0])])
        let wrongShape = try Self.write(CaffeNet(inputs: m.net.inputs, layers: layers, layerFormat: .v2), format: .v2,
                                        to: dir, name: "wrong-shape")
        #expect(throws: WeightFileError.self) { try FeatureNetworkLoader.network(file: wrongShape.path) }

        let network = try FeatureNetworkLoader.network(file: good.path)
        #expect(throws: FeatureNetworkError.self) {
            try network.features(Tensor(zeros: [1, 3, 19, 19]), at: ["conv5"], mode: .inference)
        }
        #expect(throws: WeightFileError.unreadable(file: dir.path + "/missing.caffemodel")) {
            try FeatureNetworkLoader.network(file: dir.path + "/missing.caffemodel")
        }
    }

    @Test func aSetThatIsNotDownloadedNamesTheFetchCommand() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = FeatureNetworkLoader.store(cacheOverride: dir.path)
        #expect(throws: WeightStoreError.notDownloaded("places205")) {
            try FeatureNetworkLoader.network(named: "places205", store: store)
        }
        #expect("\(WeightStoreError.notDownloaded("places205"))".contains("vae-cli weights fetch places205"))
        #expect(try FeatureNetworkLoader.network(named: "imagenet", store: store).stageNames.first == "conv1")
        let random = try FeatureNetworkLoader.network(named: "random", store: store, seed: 3)
        #expect(random.stageNames.contains("norm1") && random.stageNames.contains("fc7"))
    }

}
