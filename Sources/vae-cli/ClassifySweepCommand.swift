import ArgumentParser
import Classifier
import FeatureNetworks
import Foundation
import NN

/// `vae-cli classify sweep`: how transferable each layer is, per weight set (DeCAF, Yosinski et al.).
struct ClassifySweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Head accuracy on frozen features at each layer, for each weight set: a table, sweep.json and a plot.",
        discussion: """
            Each set's images go through its network once for all layers; each layer's features are cached \
            under the key 'classify train --layer L' uses, so a later train on one of the layers reads them. \
            Layers wider than \(FeatureExtractor.widestFeatures) numbers (pool5's width) are average-pooled per \
            channel to the largest square grid that fits (AlexNet's conv1 to 12x12 or 9x9, conv3 to 4x4), as \
            DeCAF-style sweeps do: the memory stays that of pool5 per layer, and the table says which layers \
            were pooled. OUT receives report.txt, sweep.json and sweep.png (accuracy against layer, mean ± std).
            """)

    @Option(help: "Image folder with one sub-folder per class, or Fashion-MNIST's IDX files.")
    var data: String

    @Option(help: "Weight sets, comma-separated: imagenet, places205, bvlc-alexnet, random (an untrained control), or weight file paths.")
    var lossNet = "imagenet,random"

    @Option(help: "Layers, comma-separated, in the order to plot them.")
    var layers = "conv1,pool1,conv2,pool2,conv3,conv4,conv5,pool5"

    @Option(help: "Folder for report.txt, sweep.json and sweep.png.")
    var out = "classify-sweep"

    @OptionGroup var head: HeadOptions

    @OptionGroup var workerThreads: WorkerThreadsOption

    var weightSets: [String] { commaSeparated(lossNet) }
    var layerNames: [String] { commaSeparated(layers) }

    func validate() throws {
        guard !weightSets.isEmpty, Set(weightSets).count == weightSets.count else {
            throw ValidationError("--loss-net needs one or more distinct weight sets, not '\(lossNet)'")
        }
        guard !layerNames.isEmpty, Set(layerNames).count == layerNames.count else {
            throw ValidationError("--layers needs one or more distinct layer names, not '\(layers)'")
        }
    }

    func run() throws {
        #if DEBUG
        print("warning: this is a debug build; extraction is slow. Use `swift run -c release vae-cli classify sweep ...`.")
        #endif
        workerThreads.apply()
        print(try OpenBLAS.load().summary)
        let dataset = try ClassificationDataset(path: data)
        print(dataset.source.summary)
        let options = LayerSweep.Options(
            weightSets: weightSets, layers: layerNames, imageSize: head.imageSize, hiddenSizes: try head.hiddenSizes(),
            dropout: head.dropout, training: head.training, repeats: head.repeats, seed: head.seed,
            randomSeed: head.randomSeed)
        let sweep = LayerSweep(dataset: dataset, options: options, store: FeatureNetworkLoader.store(cacheOverride: head.cacheDir),
                               cache: FeatureCache(cacheOverride: head.cacheDir))
        var progress: ProgressLine?
        let report = try sweep.run { event in
            switch event {
            case let .ready(sets, layers):
                print("sweeping \(layers.joined(separator: ", ")) of \(sets.joined(separator: ", "))")
            case let .extracting(set, done, total):
                if progress == nil { progress = ProgressLine("\(set): extracting", total: Double(total), unit: "images") }
                progress!.update(Double(done), force: done == total)
            case let .features(set, record, layersFromCache):
                progress?.finish()
                progress = nil
                let how = record.fromCache ? "all layers read from the cache"
                    : String(format: "%d layer(s) from the cache, the others extracted in one pass at %.1f images/s",
                             layersFromCache, record.imagesPerSecond)
                print("\(set): \(record.images) images, \(how) (\(record.cacheFile))")
            case let .trained(set, layer, run, result):
                print(String(format: "%@ %@ run %d/%d: test accuracy %.3f (best epoch %d of %d)", set, layer, run + 1,
                             head.repeats, result.metrics.accuracy, result.training.bestEpoch, result.training.epochsRun))
            }
        }
        print("\n" + report.table)
        for path in try report.write(to: out) { print("wrote \(path)") }
    }
}
