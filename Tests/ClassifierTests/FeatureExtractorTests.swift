import Classifier
import FeatureNetworks
import Foundation
import NN
import Testing

@Suite struct FeatureExtractorTests {
    /// A tiny network named like AlexNet's stages: conv1 → relu1 → pool5 → fc6, native size 8.
    static func tinyNetwork() -> FeatureNetwork {
        let specs: [LayerSpec] = [
            .convolution(name: "conv1", outputChannels: 4, kernelSize: 3, stride: 1, padding: 1, groups: 1),
            .relu(name: "relu1"),
            .maxPool(name: "pool5", kernelSize: 2, stride: 2, padding: 0, rounding: .floor),
            .innerProduct(name: "fc6", outputs: 5),
        ]
        return try! FeatureNetwork(name: "tiny", specs: specs, preprocessing: .torchvision(), nativeInputSize: 8,
                                   seed: 1) { _ in nil }
    }

    @Test func theDefaultLayerIsFC6WhereThereIsOneElsePool5() throws {
        #expect(LoadedWeightSet.defaultLayer(of: Self.tinyNetwork()) == "fc6")
        #expect(LoadedWeightSet.defaultLayer(of: try EmbeddedWeights.imagenetNetwork()) == "pool5")
    }

    @Test func featuresAreTheLayersActivationsFlattened() throws {
        let network = Self.tinyNetwork()
        let extractor = try FeatureExtractor(network: network, layer: "pool5", imageSize: 8)
        var generator = SeededGenerator(seed: 2)
        let images = Tensor.uniform(shape: [3, 3, 8, 8], using: &generator)
        let features = try extractor.features(ofBatch: images)
        let expected = try network.features(images, at: ["pool5"], mode: .inference)["pool5"]!
        #expect(features.shape == [3, 64] && features.scalars == expected.scalars)
        #expect(try FeatureExtractor(network: network, layer: "fc6").features(ofBatch: images).shape == [3, 5])
        #expect(extractor.preprocessing.contains("shorter side to 8"))
    }

    @Test func missingLayersAndSizesAFullyConnectedStageForbidsAreErrors() throws {
        let network = Self.tinyNetwork()
        let missing = Fixtures.failure(ClassifierError.self) { _ = try FeatureExtractor(network: network, layer: "fc7") }
        #expect(missing == .layerMissing(set: "tiny", layer: "fc7", available: ["conv1", "relu1", "pool5", "fc6"]))
        let resized = Fixtures.failure(ClassifierError.self) { _ = try FeatureExtractor(network: network, layer: "fc6", imageSize: 16) }
        #expect(resized == .fixedInputSize(set: "tiny", layer: "fc6", nativeSize: 8, requested: 16))
        #expect(try FeatureExtractor(network: network, layer: "pool5", imageSize: 16).imageSize == 16)
    }
}
