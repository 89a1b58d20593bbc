import CaffeModel
import CaffeTestSupport
import FeatureNetworks
import Foundation
import NN
import Testing

/// Networks `CaffeNetwork` does not build each get one line naming the file and the layer.
@Suite struct CaffeNetworkErrorTests {
    static let file = "bad.caffemodel"

    /// data → conv1 (3→3 channels of a 5x5 input) → relu1 → then `tail`.
    static func net(_ tail: [CaffeLayer], input: [Int] = [1, 3, 5, 5], ipInputs: Int? = nil) -> CaffeNet {
        let conv = CaffeLayer(name: "conv1", kind: .convolution(.init(outputChannels: 3, kernelSize: .init(square: 3))),
                              bottoms: ["data"], tops: ["conv1"],
                              blobs: [CaffeBlob(shape: [3, 3, 3, 3], data: [Float](repeating: 0.1, count: 81)),
                                      CaffeBlob(shape: [3], data: [0, 0, 0])])
        let relu = CaffeLayer(name: "relu1", kind: .relu(negativeSlope: 0), bottoms: ["conv1"], tops: ["conv1"])
        return CaffeNet(inputs: [CaffeInput(name: "data", shape: input)], layers: [conv, relu] + tail)
    }

    static func build(_ net: CaffeNet) throws -> FeatureNetwork {
        try CaffeNetwork.network(from: net, file: file, name: "bad")
    }

    static func expectOneLine(_ error: WeightFileError, _ text: String) {
        #expect(error.description == text)
        #expect(!error.description.contains("\n"))
    }

    @Test func branchesNameTheLayer() throws {
        let sum = CaffeLayer(name: "sum", kind: .other(typeName: "Eltwise"), bottoms: ["conv1", "data"], tops: ["sum"])
        var error = try #require(throws: WeightFileError.self) { try Self.build(Self.net([sum])) }
        Self.expectOneLine(error, "bad.caffemodel: layer sum: Eltwise joins 2 blobs; only feed-forward chains (each layer reading the previous one's output) are supported")

        let side = CaffeLayer(name: "side", kind: .convolution(.init(outputChannels: 3, kernelSize: .init(square: 1))),
                              bottoms: ["data"], tops: ["side"],
                              blobs: [CaffeBlob(shape: [3, 3, 1, 1], data: [Float](repeating: 0.1, count: 9))])
        error = try #require(throws: WeightFileError.self) { try Self.build(Self.net([side])) }
        Self.expectOneLine(error, "bad.caffemodel: layer side: reads data, not conv1, the previous layer's output; only feed-forward chains (each layer reading the previous one's output) are supported")
    }

    @Test func unknownTypeNamesTheLayer() throws {
        let tanh = CaffeLayer(name: "squash", kind: .other(typeName: "TanH"), bottoms: ["conv1"], tops: ["conv1"])
        let error = try #require(throws: WeightFileError.self) { try Self.build(Self.net([tanh])) }
        Self.expectOneLine(error, "bad.caffemodel: layer squash: layer type TanH is not supported")
    }

    /// ip1 expects 3·3·3 = 27 inputs per output at the declared 5x5 input; given 12, and at a
    /// declared 7x7 (75 inputs) the same weights do not fit either.
    @Test func weightsThatDoNotFitTheDeclaredInput() throws {
        let ip = CaffeLayer(name: "ip1", kind: .innerProduct(.init(outputCount: 2)), bottoms: ["conv1"], tops: ["ip1"],
                            blobs: [CaffeBlob(shape: [2, 27], data: [Float](repeating: 0, count: 54)), CaffeBlob(shape: [2], data: [0, 0])])
        #expect(try Self.build(Self.net([ip])).nativeInputSize == 5)
        let error = try #require(throws: WeightFileError.self) { try Self.build(Self.net([ip], input: [1, 3, 7, 7])) }
        Self.expectOneLine(error, "bad.caffemodel: layer ip1: its weights hold 27 inputs per output, but the 3x5x5 features reaching it hold 75: the weights do not fit the network's input size")
        let conv = try #require(throws: WeightFileError.self) { try Self.build(Self.net([], input: [1, 1, 5, 5])) }
        Self.expectOneLine(conv, "bad.caffemodel: conv1 weight has shape [3, 3, 3, 3], expected [3, 1/1, 3, 3] for the 1x5x5 input")
    }

    @Test func aLayerTheNetworkLacks() throws {
        let network = try Self.build(Self.net([]))
        let error = try #require(throws: FeatureNetworkError.self) {
            try network.features(Tensor(zeros: [1, 3, 5, 5]), at: ["relu5_3"], mode: .inference)
        }
        #expect(error.description == "bad has no layer relu5_3; it has conv1, relu1")
    }
}
