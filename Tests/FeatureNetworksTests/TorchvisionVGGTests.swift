import FeatureNetworks
import Foundation
import NN
import Testing
import TestSupport

/// torchvision's VGG layouts in safetensors. The weights are not stored: the test writes a
/// full-width vgg16 / vgg16_bn `features` state dict, names and shapes exactly as torchvision's
/// `state_dict()` gives them, with values from a closed formula (References/torchvision_vgg_golden.py
/// evaluates the same formula, loads it into torchvision's own vgg16 and vgg16_bn and printed the
/// golden sums below). The classifier's 123M weights are left out (the loader takes a file
/// without them, as the embedded AlexNet); the fc stages are checked on a narrow VGG-19.
@Suite struct TorchvisionVGGTests {
    static func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("vgg-\(UUID().uuidString)-\(name).safetensors")
    }

    /// Golden sums from torchvision (see the script), over relu4_3 [1, 512, 4, 4] and pool5
    /// [1, 512, 1, 1] at a 32x32 input.
    @Test(arguments: [(false, 257.48870849609375, 17.141496658325195, 0.10463340580463410),
                      (true, 654.7583618164062, 42.90086364746094, 0.0)])
    func fullWidthVGG16MatchesTorchvision(_ batchNorm: Bool, _ relu4_3Sum: Double, _ pool5Sum: Double, _ pool5First: Double) throws {
        let url = Self.temporaryFile(batchNorm ? "vgg16_bn" : "vgg16")
        defer { try? FileManager.default.removeItem(at: url) }
        try TorchvisionVGGFormula.write(TorchvisionVGGFormula.stateDictNames(TorchvisionVGGFormula.vgg16, batchNorm: batchNorm), to: url)
        let network = try FeatureNetworkLoader.network(file: url.path)
        #expect(network.stageNames.prefix(5) == ["conv1_1", "relu1_1", "conv1_2", "relu1_2", "pool1"])
        #expect(network.stageNames.suffix(3) == ["conv5_3", "relu5_3", "pool5"])
        #expect(network.stageNames.count == 13 * 2 + 5)
        let input = Tensor(shape: [1, 3, 32, 32], scalars: (0..<(3 * 32 * 32)).map { Float(0.5 + 0.5 * sin(0.731 * Double($0) + 0.2)) })
        let features = try network.features(input, at: ["relu4_3", "pool5"], mode: .inference)
        let relu4_3 = features["relu4_3"]!.scalars.reduce(0.0) { $0 + Double($1) }
        let pool5 = features["pool5"]!
        #expect(features["relu4_3"]!.shape == [1, 512, 4, 4] && pool5.shape == [1, 512, 1, 1])
        #expect(abs(relu4_3 - relu4_3Sum) <= 1e-4 * relu4_3Sum, "relu4_3 sum \(relu4_3), torchvision \(relu4_3Sum)")
        let sum = pool5.scalars.reduce(0.0) { $0 + Double($1) }
        #expect(abs(sum - pool5Sum) <= 1e-4 * pool5Sum, "pool5 sum \(sum), torchvision \(pool5Sum)")
        #expect(abs(Double(pool5[flat: 0]) - pool5First) <= 1e-5, "pool5[0] \(pool5[flat: 0]), torchvision \(pool5First)")
    }

    /// VGG-19 ("E") at 1/32 of the widths, with a classifier: conventional names through relu5_4
    /// and fc8, and fc6 reading pool5's 16·7·7 features at 224x224.
    @Test func narrowVGG19NamesEveryStage() throws {
        let configuration = [2, 2, 0, 4, 4, 0, 8, 8, 8, 8, 0, 16, 16, 16, 16, 0, 16, 16, 16, 16, 0]
        var entries = TorchvisionVGGFormula.stateDictNames(configuration, batchNorm: false)
        entries += [("classifier.0.weight", [8, 16 * 7 * 7]), ("classifier.0.bias", [8]), ("classifier.3.weight", [8, 8]),
                    ("classifier.3.bias", [8]), ("classifier.6.weight", [5, 8]), ("classifier.6.bias", [5])]
        let url = Self.temporaryFile("vgg19")
        defer { try? FileManager.default.removeItem(at: url) }
        try TorchvisionVGGFormula.write(entries, to: url)
        let network = try FeatureNetworkLoader.network(file: url.path)
        var expected: [String] = []
        for (block, convolutions) in [2, 2, 4, 4, 4].enumerated() {
            for n in 1...convolutions { expected += ["conv\(block + 1)_\(n)", "relu\(block + 1)_\(n)"] }
            expected.append("pool\(block + 1)")
        }
        expected += ["fc6", "relu6", "fc7", "relu7", "fc8"]
        #expect(network.stageNames == expected)
        let fc8 = try network.features(Tensor(repeating: 0.5, shape: [1, 3, 224, 224]), at: ["fc8"], mode: .inference)["fc8"]!
        #expect(fc8.shape == [1, 5])

        // A gap that is no pooling: a clear line.
        entries = entries.map { ($0.name == "features.2.weight" ? "features.4.weight" : $0.name == "features.2.bias" ? "features.4.bias" : $0.name, $0.shape) }
        try TorchvisionVGGFormula.write(entries, to: url)
        let error = try #require(throws: WeightFileError.self) { try FeatureNetworkLoader.network(file: url.path) }
        #expect(error.description.hasSuffix("features.4 follows features.0 with 2 layers between, not VGG's 0 or 1 (a pooling)"))
    }
}
