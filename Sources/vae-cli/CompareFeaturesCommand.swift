import ArgumentParser
import Classifier
import Datasets
import FeatureNetworks
import Foundation
import NN

/// `vae-cli compare-features`: linear CKA per layer between weight sets, on the user's images.
struct CompareFeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare-features",
        abstract: "Linear CKA per layer between weight sets' features of your images, against a random control.",
        discussion: """
        For every pair of sets and every layer: linear CKA (Kornblith et al. 2019) of the two sets' \
        flattened features of the same images, from 0 (unrelated) to 1 (the same up to a rotation \
        and a scale). The untrained 'random' network is added as the floor unless --no-control. Each \
        image is resized on its shorter side and centre-cropped to each network's input size. One \
        set's features of every layer are held in memory during its pass: about --limit x 3 MB for \
        AlexNet's conv1 to pool5. Writes cka.txt, cka.json and cka.png into --out.
        """)

    @Option(help: "An image folder (any layout) or Fashion-MNIST's IDX folder or file.")
    var data: String

    @Option(help: "Comma-separated weight sets: imagenet, random, a set from 'weights list', or weight file paths.")
    var lossNet = "imagenet,random"

    @Option(help: "Comma-separated layers every set has.")
    var layers = "conv1,pool1,conv2,pool2,conv3,conv4,conv5,pool5"

    @Option(help: "Compare at most this many images, a seeded random choice beyond that.")
    var limit = 1000

    @Option(help: "Seed of the choice of images.")
    var seed: UInt64 = 0

    @Option(help: "Seed of the untrained 'random' control network.")
    var randomSeed: UInt64 = 0

    @Flag(help: "Do not add the untrained 'random' network when the sets lack it.")
    var noControl = false

    @Option(help: "The folder to write the table, JSON and plot into.")
    var out: String

    @Option(help: "Weight cache folder (as for 'weights list').")
    var cacheDir: String?

    @Option(help: ArgumentHelp("Feature input size instead of each network's own (quick experiments).", visibility: .hidden))
    var imageSize: Int?

    @OptionGroup var workerThreads: WorkerThreadsOption

    var setNames: [String] {
        let named = commaSeparated(lossNet)
        return named.contains(FeatureNetworkLoader.randomName) || noControl ? named : named + [FeatureNetworkLoader.randomName]
    }

    func validate() throws {
        try FeatureImageSize.validate(imageSize)
        guard limit >= 2 else { throw ValidationError("--limit must be at least 2: CKA compares images with each other") }
        let names = setNames, layerNames = commaSeparated(layers)
        guard !names.contains(""), !layerNames.contains(""), !layerNames.isEmpty else {
            throw ValidationError("--loss-net and --layers are comma-separated names, none empty")
        }
        guard Set(names).count == names.count else { throw ValidationError("--loss-net names a set twice: \(lossNet)") }
        guard names.count >= 2 else { throw ValidationError("--loss-net \(lossNet): CKA needs two sets (drop --no-control)") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ValidationError("--out \(out) is a file; give a folder")
        }
    }

    func run() throws {
        workerThreads.apply()
        print(try OpenBLAS.load().summary)
        let source = try DataSource(path: data)
        print(source.summary)
        let store = FeatureNetworkLoader.store(cacheOverride: cacheDir)
        let layerNames = commaSeparated(layers)
        // Every set and layer checked before any extraction.
        let sets = try setNames.map { name in
            let set = try LoadedWeightSet.load(name, store: store, randomSeed: randomSeed)
            for layer in layerNames { _ = try set.network.stageIndex(layer) }
            return set
        }
        if !setNames.elementsEqual(commaSeparated(lossNet)) { print("adding the untrained 'random' control (--no-control to leave it out)") }
        let all = source.allExamples
        let examples = Self.sample(all, count: limit, seed: seed)
        if examples.count < all.count { print("comparing a random \(examples.count) of the \(all.count) images (--limit, --seed)") }

        var grams: [(set: FeatureSimilarityReport.WeightSet, grams: LayerGrams)] = []
        for set in sets {
            let start = Date()
            var progress: ProgressLine?
            let layerGrams = try LayerGrams(network: set.network, layers: layerNames, examples: examples, origin: source.path,
                                           imageSize: imageSize) { done, total in
                if progress == nil { progress = ProgressLine("\(set.name): features", total: Double(total), unit: "images") }
                progress!.update(Double(done), force: done == total)
            }
            progress?.finish()
            for file in layerGrams.skipped { print("skipped \(file.file): \(file.reason)") }
            print(String(format: "%@: %d layers of %d images in %.1f s", set.name, layerNames.count, examples.count,
                         Date().timeIntervalSince(start)))
            grams.append((FeatureSimilarityReport.WeightSet(name: set.name, checksum: set.checksum), layerGrams))
        }
        let report = try FeatureSimilarityReport(data: source.path, seed: seed, sets: grams)
        print(report.table, terminator: "")
        for path in try report.write(to: out) { print("wrote \(path)") }
    }

    /// `count` of `examples` drawn at random (seeded) in their order; all of them when there are
    /// no more than `count`.
    static func sample(_ examples: [Example], count: Int, seed: UInt64) -> [Example] {
        guard count < examples.count else { return examples }
        var positions = Array(examples.indices)
        var generator = SeededGenerator(seed: seed)
        for i in 0..<count {   // a partial Fisher–Yates: the first `count` places are the sample
            let j = i + SeedStreams.index(below: positions.count - i, using: &generator)
            positions.swapAt(i, j)
        }
        return positions[..<count].sorted().map { examples[$0] }
    }
}
