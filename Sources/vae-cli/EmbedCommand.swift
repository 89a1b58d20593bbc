import ArgumentParser
import Classifier
import Distributed
import FeatureNetworks
import Foundation
import ImageFiles
import NN
import Plots

/// `vae-cli embed`: a 2-D t-SNE map of frozen features coloured by class (the DeCAF figure).
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Draw a t-SNE map of frozen AlexNet features, one colour per class.",
        discussion: "Exact t-SNE after PCA to 50 dimensions. Features are cached as for 'classify train'; "
            + "the entries are shared when every image is embedded (no --limit cut). Under `mpirun -np N` the ranks "
            + "share the extraction and rank 0 alone computes the map.")

    /// Exact t-SNE keeps three N x N tables of Doubles: 2.4 GB at this size.
    static let maximumImages = 10_000

    @Option(help: "Image folder with one sub-folder per class.")
    var data: String

    @Option(help: "Weight set: imagenet, places205, bvlc-alexnet, random, or a weight file path.")
    var lossNet = "imagenet"

    @Option(help: "Layer the features come from (default: fc6 where the network has it, else pool5).")
    var layer: String?

    @Option(help: "The PNG to write.")
    var out = "tsne.png"

    @Option(help: "t-SNE perplexity (effective number of neighbours).")
    var perplexity = 30.0

    @Option(help: "Gradient descent iterations.")
    var iterations = 1000

    @Option(help: "Seed of the subset, the PCA and the initial map.")
    var seed: UInt64 = 0

    @Option(help: "Embed at most this many images, a seeded random subset beyond that.")
    var limit = 5000

    @Option(help: "Seed of the untrained 'random' control network.")
    var randomSeed: UInt64 = 0

    @Option(help: "Cache folder for weights and features (as for 'classify train').")
    var cacheDir: String?

    @Option(help: ArgumentHelp("Feature input size instead of the network's own (quick experiments).", visibility: .hidden))
    var imageSize: Int?

    @OptionGroup var workerThreads: WorkerThreadsOption

    func validate() throws {
        guard perplexity > 0, iterations > 0 else { throw ValidationError("--perplexity and --iterations must be positive") }
        guard limit >= 2, limit <= Self.maximumImages else {
            throw ValidationError("--limit must lie in 2...\(Self.maximumImages): exact t-SNE needs N² time and memory")
        }
        try FeatureImageSize.validate(imageSize)
        try OutputFiles.validatePicture(out)   // before minutes of extraction and t-SNE
    }

    func run() throws {
        let job = MPIJob.current, isRoot = job?.isRoot ?? true
        workerThreads.apply()
        let summary = try OpenBLAS.load().summary
        let dataset = try ClassificationDataset(path: data)
        if isRoot { print(summary + (job.map { "; \($0.size) MPI ranks share the extraction" } ?? "")) }
        if isRoot { print(dataset.source.summary) }
        let set = try LoadedWeightSet.load(lossNet, store: FeatureNetworkLoader.store(cacheOverride: cacheDir), randomSeed: randomSeed)
        let extractor = try FeatureExtractor(network: set.network, layer: layer ?? LoadedWeightSet.defaultLayer(of: set.network),
                                             imageSize: imageSize)
        let positions = dataset.sample(limit, seed: seed)
        let examples = positions.map { dataset.examples[$0] }, names = positions.map { dataset.names[$0] }
        let cache = FeatureCache(cacheOverride: cacheDir)
        if let job {
            try RankAgreement.check(job, [("images", names.joined(separator: "\n"))])
            if !job.isRoot {
                _ = try cache.features(of: examples, names: names, origin: dataset.root, weightsChecksum: set.checksum,
                                       extractor: extractor, job: job)
                return
            }
        }
        if positions.count < dataset.examples.count {
            print("embedding a random \(positions.count) of the \(dataset.examples.count) images (--limit)")
        }
        let start = Date()
        var progress: ProgressLine?
        let update = { (done: Int, total: Int) in
            if progress == nil { progress = ProgressLine("\(set.name): extracting", total: Double(total), unit: "images") }
            progress!.update(Double(done), force: done == total)
        }
        let (features, fromCache, file) = try job.map {
            let shared = try cache.features(of: examples, names: names, origin: dataset.root, weightsChecksum: set.checksum,
                                            extractor: extractor, job: $0, progress: update)
            return (shared.features!, shared.fromCache, shared.file)   // rank 0 gets them
        } ?? cache.features(of: examples, names: names, origin: dataset.root, weightsChecksum: set.checksum,
                            extractor: extractor, progress: update)
        progress?.finish()
        let rate = Double(positions.count) / Date().timeIntervalSince(start)
        print("\(set.name) \(extractor.layer): \(positions.count) images "
              + (fromCache ? "read from the cache" : String(format: "extracted at %.1f images/s", rate)) + " (\(file.path))")

        let rows = features.rows(at: Array(0..<positions.count), labels: positions.map { dataset.examples[$0].label! })
        guard rows.labels.count >= 2 else { throw ValidationError("fewer than two readable images to embed") }
        let tsne = TSNE(perplexity: perplexity, iterations: iterations, seed: seed)
        print("t-SNE of \(rows.labels.count) x \(features.width): PCA to \(tsne.pcaDimensions) dimensions, affinities ...")
        var line: ProgressLine?
        let map = tsne.embed(rows.features) { done, total in
            if line == nil { line = ProgressLine("t-SNE", total: Double(total), unit: "iterations") }
            line!.update(Double(done), force: done == total)
        }
        line?.finish()
        print(String(format: "KL divergence %.3f at perplexity %.1f", map.klDivergence, map.perplexity))
        let title = "t-SNE of \(set.name) \(extractor.layer) features, \(rows.labels.count) images"
        try OutputFiles.writePicture(
            ScatterPlot(x: map.x, y: map.y, labels: rows.labels, classNames: dataset.classNames, title: title).render(),
            to: out)
        print("wrote \(out)")
    }
}
