import ArgumentParser
import Classifier
import FeatureNetworks
import Foundation
import NN
import Plots

/// `vae-cli classify network-classes`: the classes a network predicts by itself against a
/// labelled folder's classes, as a confusion matrix (LeNet's digits on Fashion-MNIST garments).
struct ClassifyNetworkClassesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network-classes",
        abstract: "Count a network's own predictions (argmax of its last layer) against labelled images' classes.",
        discussion: "The network's classes are numbered by its last layer's outputs (0-9 for LeNet's digits). "
            + "Purity is the share of images whose network class is mostly given to their own true class.")

    @Option(help: "Image folder with one sub-folder per class.")
    var data: String

    @Option(help: "Weight set or weight file whose last layer has one output per class (e.g. LeNet's .caffemodel); random:FILE for its untrained control.")
    var lossNet: String

    @Option(help: "The confusion-matrix PNG to write.")
    var out = "network-classes.png"

    @Option(help: "Count at most this many images, a seeded random subset beyond that.")
    var limit = 2000

    @Option(help: "Seed of the subset and of a random:FILE network.")
    var seed: UInt64 = 0

    @Option(help: "Cache folder for weights and features (as for 'classify train').")
    var cacheDir: String?

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be positive") }
        try OutputFiles.validatePicture(out)
    }

    func run() throws {
        print(try OpenBLAS.load().summary)
        let dataset = try ClassificationDataset(path: data)
        let set = try LoadedWeightSet.load(lossNet, store: FeatureNetworkLoader.store(cacheOverride: cacheDir), randomSeed: seed)
        let last = set.network.stageNames.last!
        let extractor = try FeatureExtractor(network: set.network, layer: last)
        let positions = dataset.sample(limit, seed: seed)
        var progress: ProgressLine?
        let start = Date()
        let features = try extractor.features(of: positions.map { dataset.examples[$0] }, origin: dataset.root) { done, total in
            if progress == nil { progress = ProgressLine("\(set.name): \(last)", total: Double(total), unit: "images") }
            progress!.update(Double(done), force: done == total)
        }
        progress?.finish()
        let outputs = features.width
        guard outputs == dataset.classNames.count else {
            throw ValidationError("\(set.name)'s last layer \(last) has \(outputs) outputs for the \(dataset.classNames.count) classes of \(data); "
                                  + "the matrix needs one output per class")
        }
        let own = NetworkOwnClasses(features: features, labels: positions.map { dataset.examples[$0].label! },
                                    classCount: dataset.classNames.count)
        print(String(format: "%d images at %.1f images/s", positions.count, Double(positions.count) / Date().timeIntervalSince(start)))
        let width = dataset.classNames.map(\.count).max()!
        print(padded("", width) + (0..<outputs).map { String(format: "%6d", $0) }.joined())
        for (name, row) in zip(dataset.classNames, own.counts) {
            print(padded(name, width) + row.map { String(format: "%6d", $0) }.joined())
        }
        print(String(format: "purity %.3f (each network class given to its most frequent true class)", own.purity))
        let plot = ConfusionMatrixPlot(counts: own.counts, classNames: dataset.classNames,
                                       predictedNames: (0..<outputs).map { "\(last) \($0)" },
                                       title: "\(set.network.name) \(last) argmax on \(positions.count) images")
        try OutputFiles.writePicture(plot.render(), to: out)
        print("wrote \(out)")
    }
}
