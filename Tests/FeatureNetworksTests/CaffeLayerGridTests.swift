import CaffeModel
import CaffeTestSupport
import FeatureNetworks
import Foundation
import NN
import Testing
import TestSupport

/// Small Caffe nets written by the tests, one per point of the parameter grid of each layer
/// Caffe defines and `CaffeNetwork` builds: loaded back from the file, each stage's output equals
/// the float64 forward of `NaiveCaffeForward` to 1e-5 relative, and each stage passes the
/// finite-difference check of its input gradient (PReLU's slope gradient too, in NNTests).
@Suite struct CaffeLayerGridTests {
    /// A convolution whose weights and bias come from the seeded generator.
    static func convolution(_ name: String, inputs: Int, _ c: CaffeConvolution, generator g: inout SeededGenerator) -> CaffeLayer {
        let weight = Tensor.uniform(shape: [c.outputChannels, inputs / c.groups, c.kernelSize.height, c.kernelSize.width],
                                    low: -0.5, high: 0.5, using: &g)
        var blobs = [CaffeBlob(shape: weight.shape, data: weight.scalars)]
        if c.hasBias { blobs.append(CaffeBlob(shape: [c.outputChannels], data: Tensor.uniform(shape: [c.outputChannels], low: -0.2, high: 0.2, using: &g).scalars)) }
        return CaffeLayer(name: name, kind: .convolution(c), bottoms: [], tops: [], blobs: blobs)
    }

    static func values(_ count: Int, _ low: Float, _ high: Float, _ g: inout SeededGenerator) -> [Float] {
        Tensor.uniform(shape: [count], low: low, high: high, using: &g).scalars
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let label: String
        let channels: Int
        let size: Int
        /// Builds the layers after the data layer.
        let layers: @Sendable (inout SeededGenerator) -> [CaffeLayer]
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "depthwise, dilated, rectangular convolutions", channels: 3, size: 11) { g in [
            convolution("conv1", inputs: 3, .init(outputChannels: 6, kernelSize: .init(3, 2), stride: .init(2, 1),
                                                   padding: .init(1, 0)), generator: &g),
            convolution("dw", inputs: 6, .init(outputChannels: 6, kernelSize: .init(square: 3), padding: .init(square: 1),
                                                groups: 6), generator: &g),
            convolution("dilated", inputs: 6, .init(outputChannels: 4, kernelSize: .init(square: 3), padding: .init(square: 2),
                                                     dilation: .init(2, 1), groups: 2, hasBias: false), generator: &g),
            CaffeLayer(name: "leaky", kind: .relu(negativeSlope: 0.1)),
        ] },
        Case(label: "PReLU per channel and shared", channels: 3, size: 6) { g in [
            convolution("conv1", inputs: 3, .init(outputChannels: 4, kernelSize: .init(square: 3), padding: .init(square: 1)), generator: &g),
            CaffeLayer(name: "prelu1", kind: .prelu(channelShared: false), blobs: [CaffeBlob(shape: [4], data: values(4, 0.05, 0.6, &g))]),
            convolution("conv2", inputs: 4, .init(outputChannels: 4, kernelSize: .init(square: 1)), generator: &g),
            CaffeLayer(name: "prelu2", kind: .prelu(channelShared: true), blobs: [CaffeBlob(shape: [1], data: [0.3])]),
        ] },
        Case(label: "BatchNorm + Scale folded, Scale alone, factor 0", channels: 3, size: 5) { g in [
            convolution("conv1", inputs: 3, .init(outputChannels: 4, kernelSize: .init(square: 3)), generator: &g),
            CaffeLayer(name: "bn1", kind: .batchNorm(epsilon: 1e-3),
                       blobs: [CaffeBlob(shape: [4], data: values(4, -2, 2, &g)), CaffeBlob(shape: [4], data: values(4, 1, 8, &g)),
                               CaffeBlob(shape: [1], data: [3.5])]),
            CaffeLayer(name: "scale1", kind: .scale(hasBias: true),
                       blobs: [CaffeBlob(shape: [4], data: values(4, 0.5, 2, &g)), CaffeBlob(shape: [4], data: values(4, -1, 1, &g))]),
            CaffeLayer(name: "scale3", kind: .scale(hasBias: false), blobs: [CaffeBlob(shape: [4], data: values(4, 0.5, 2, &g))]),
            CaffeLayer(name: "bn2", kind: .batchNorm(epsilon: 1e-5),
                       blobs: [CaffeBlob(shape: [4], data: values(4, -2, 2, &g)), CaffeBlob(shape: [4], data: values(4, 1, 8, &g)),
                               CaffeBlob(shape: [1], data: [0])]),
        ] },
        Case(label: "AVE pooling with padding and ceil, global AVE and MAX", channels: 3, size: 8) { g in [
            convolution("conv1", inputs: 3, .init(outputChannels: 3, kernelSize: .init(square: 1)), generator: &g),
            CaffeLayer(name: "ave1", kind: .pooling(.init(method: .average, kernelSize: .init(square: 3), stride: .init(square: 2),
                                                          padding: .init(square: 1)))),
            CaffeLayer(name: "ave2", kind: .pooling(.init(method: .average, kernelSize: .init(square: 2), stride: .init(square: 2)))),
            CaffeLayer(name: "maxpad", kind: .pooling(.init(method: .max, kernelSize: .init(square: 2), stride: .init(square: 1),
                                                            padding: .init(square: 1)))),
            CaffeLayer(name: "global", kind: .pooling(.init(method: .average, kernelSize: nil))),
        ] },
        Case(label: "LRN within channel (sizes 3 and 5) and across channels", channels: 3, size: 7) { g in [
            convolution("conv1", inputs: 3, .init(outputChannels: 4, kernelSize: .init(square: 3), padding: .init(square: 1)), generator: &g),
            CaffeLayer(name: "within3", kind: .lrn(.init(size: 3, alpha: 0.5, beta: 0.75, k: 9, region: .withinChannel))),
            CaffeLayer(name: "within5", kind: .lrn(.init(size: 5, alpha: 2, beta: 0.6, region: .withinChannel))),
            CaffeLayer(name: "across", kind: .lrn(.init(size: 3, alpha: 0.3, beta: 0.75, k: 2))),
        ] },
        Case(label: "grey input scaled as LeNet's, inner products", channels: 1, size: 8) { g in [
            convolution("conv1", inputs: 1, .init(outputChannels: 3, kernelSize: .init(square: 3), stride: .init(square: 2)), generator: &g),
            CaffeLayer(name: "pool1", kind: .pooling(.init(method: .max, kernelSize: .init(square: 2), stride: .init(square: 2)))),
            CaffeLayer(name: "ip1", kind: .innerProduct(.init(outputCount: 5)),
                       blobs: [CaffeBlob(shape: [5, 12], data: values(60, -0.5, 0.5, &g)), CaffeBlob(shape: [5], data: values(5, -0.1, 0.1, &g))]),
            CaffeLayer(name: "relu1", kind: .relu(negativeSlope: 0)),
            CaffeLayer(name: "drop1", kind: .dropout(ratio: 0.5)),
            CaffeLayer(name: "ip2", kind: .innerProduct(.init(outputCount: 3, hasBias: false)),
                       blobs: [CaffeBlob(shape: [3, 5], data: values(15, -0.5, 0.5, &g))]),
            CaffeLayer(name: "loss", kind: .other(typeName: "SoftmaxWithLoss"), bottoms: ["ip2", "label"]),
        ] },
    ]

    /// The case's net with a data layer in front (LeNet's transform for grey inputs, a mean
    /// value for colour ones) and a chain of bottoms and tops as Caffe writes them.
    static func net(_ c: Case) -> (net: CaffeNet, mean: [Double], scale: Double) {
        var g = SeededGenerator(seed: 21)
        let grey = c.channels == 1
        let transform = grey ? CaffeTransform(scale: 0.00390625) : CaffeTransform(meanValues: [100, 110, 120])
        var layers = [CaffeLayer(name: "data", kind: .other(typeName: "Data"), tops: ["data", "label"], transform: transform)]
        var previous = "data"
        for var layer in c.layers(&g) {
            if layer.bottoms.isEmpty { layer.bottoms = [previous] }
            let inPlace: Bool
            switch layer.kind {
            case .relu, .prelu, .dropout, .scale, .batchNorm: inPlace = true
            default: inPlace = false
            }
            layer.tops = [inPlace ? previous : layer.name]
            previous = layer.tops[0]
            layers.append(layer)
        }
        return (CaffeNet(name: c.label, inputs: [CaffeInput(name: "data", shape: [1, c.channels, c.size, c.size])].filter { _ in !grey },
                         layers: layers), grey ? [0] : [100, 110, 120], grey ? 0.00390625 : 1)
    }

    @Test(arguments: cases)
    func stagesMatchFloat64AndPassGradientChecks(_ c: Case) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("caffe-grid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (net, mean, scale) = Self.net(c)
        let url = folder.appendingPathComponent("grid.caffemodel")
        try Data(net.serialized(as: .v2)).write(to: url)
        let network = try FeatureNetworkLoader.network(file: url.path)
        #expect(network.nativeInputSize == c.size)

        var g = SeededGenerator(seed: 5)
        let images = Tensor.uniform(shape: [2, 3, c.size, c.size], using: &g)
        let expected = NaiveCaffeForward.outputs(of: net, images: images, channels: c.channels, mean: mean, scale: scale)
        let stages = network.stageNames.filter { $0 != "grey" }
        let features = try network.features(images, at: stages, mode: .inference)
        for stage in stages {
            // A folded BatchNorm stage gives the output of the Scale that follows it.
            let reference = stage == "bn1" ? "scale1" : stage
            let difference = NaiveCaffeForward.relativeDifference(features[stage]!, expected[reference]!)
            #expect(difference <= 1e-5, "\(stage): relative difference \(difference)")
        }

        // Each stage's input gradient at an input of the shape it sees in the network, with values
        // in ±[0.1, 1] (away from ReLU kinks; the network's own, 0-255 scaled, would drown the
        // differences in float32 rounding). Max-pooling ties do not occur in random data.
        var shape = images.shape
        for (index, stage) in network.stages.enumerated() {
            var input = uniformAwayFromZero(shape: shape, seed: UInt64(index))
            if stage.layer is MaxPool2D {
                // Distinct values 0.05 apart, shuffled: no two in a window within a step of each other.
                var g = SeededGenerator(seed: UInt64(index))
                let spaced = (0..<input.count).map { 0.05 * Float($0) }.shuffled(using: &g)
                input = Tensor(shape: shape, scalars: spaced)
            }
            let mismatches = gradientMismatches(of: stage.layer, input: input)
            #expect(mismatches.isEmpty, "\(stage.name): \(mismatches)")
            shape = stage.layer.forward(input, mode: .inference).shape
        }
    }
}
