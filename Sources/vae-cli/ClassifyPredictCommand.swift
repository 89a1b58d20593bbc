import ArgumentParser
import Classifier
import Foundation
import NN
import FeatureNetworks

/// `vae-cli classify predict`: the most likely classes of new images.
struct ClassifyPredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Classify images with a head saved by 'classify train' (prints the top classes).")

    @Option(help: "A model-<set>.safetensors written by 'classify train'.")
    var model: String

    @Option(help: "How many classes to print per image.")
    var topK = 3

    @Option(help: "Cache folder where the weight sets are (as for 'classify train').")
    var cacheDir: String?

    @Argument(help: "PNG or JPEG images.")
    var images: [String]

    func validate() throws {
        guard topK > 0 else { throw ValidationError("--top-k must be positive") }
        guard !images.isEmpty else { throw ValidationError("give one or more images") }
    }

    func run() throws {
        let classifier = try ClassifierModel(contentsOf: model)
        let configuration = classifier.configuration
        let weights = try classifier.loadWeightSet(store: FeatureNetworkLoader.store(cacheOverride: cacheDir), modelFile: model)
        let extractor = try FeatureExtractor(network: weights.network, layer: configuration.layer,
                                             imageSize: configuration.imageSize, batchSize: 16)
        let probabilities = classifier.probabilities(features: try extractor.features(ofFiles: images))
        let classes = classifier.classNames.count, shown = min(topK, classes)
        let nameWidth = classifier.classNames.map(\.count).max()!
        for (row, image) in images.enumerated() {
            let p = Array(probabilities.scalars[row * classes..<(row + 1) * classes])
            let best = p.indices.sorted { p[$0] > p[$1] || (p[$0] == p[$1] && $0 < $1) }.prefix(shown)
            print(image)
            for c in best { print("  " + padded(classifier.classNames[c], nameWidth) + String(format: "  %.3f", p[c])) }
        }
    }
}
