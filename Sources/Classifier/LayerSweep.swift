import Datasets
import Foundation
import NN
import WeightStore

/// How transferable each layer is (DeCAF; Yosinski et al. 2014): for each weight set, a head on
/// frozen features at each of several layers, over repeated seeds, against the same splits.
///
/// Each set's images go through its network once for all the layers the cache lacks, and each
/// layer's features are cached under the key `classify train` uses for that layer.
public final class LayerSweep {
    public struct Options: Sendable {
        public var weightSets: [String]
        public var layers: [String]
        /// nil: each network's own input size.
        public var imageSize: Int?
        public var hiddenSizes: [Int]
        public var dropout: Float
        public var training: HeadTraining
        public var repeats: Int
        /// Run r uses seed `seed + r` for its split (when carved), head and batch order.
        public var seed: UInt64
        public var randomSeed: UInt64

        public init(weightSets: [String], layers: [String], imageSize: Int? = nil, hiddenSizes: [Int] = [512],
                    dropout: Float = 0.5, training: HeadTraining = HeadTraining(), repeats: Int = 1, seed: UInt64 = 0,
                    randomSeed: UInt64 = 0) {
            precondition(!weightSets.isEmpty && !layers.isEmpty && repeats > 0,
                         "a sweep needs weight sets \(weightSets), layers \(layers) and repeats \(repeats)")
            self.weightSets = weightSets
            self.layers = layers
            self.imageSize = imageSize
            self.hiddenSizes = hiddenSizes
            self.dropout = dropout
            self.training = training
            self.repeats = repeats
            self.seed = seed
            self.randomSeed = randomSeed
        }
    }

    public enum Event {
        /// Every set is loaded and has every layer; nothing slow has happened yet.
        case ready(sets: [String], layers: [String])
        case extracting(set: String, done: Int, total: Int)
        case features(set: String, record: FeatureExtractionRecord, layersFromCache: Int)
        case trained(set: String, layer: String, run: Int, result: RunResult)
    }

    public let dataset: ClassificationDataset
    public let options: Options
    public let store: WeightStore
    public let cache: FeatureCache

    public init(dataset: ClassificationDataset, options: Options, store: WeightStore, cache: FeatureCache) {
        self.dataset = dataset
        self.options = options
        self.store = store
        self.cache = cache
    }

    public func run(events: (Event) -> Void = { _ in }) throws -> LayerSweepReport {
        // Everything that can fail fast does, before any extraction.
        let sets = try options.weightSets.map { try LoadedWeightSet.load($0, store: store, randomSeed: options.randomSeed) }
        let extractors = try sets.map { set in
            try options.layers.map { try FeatureExtractor(network: set.network, layer: $0, imageSize: options.imageSize) }
        }
        let seeds = (0..<options.repeats).map { options.seed &+ UInt64($0) }
        let splits = try seeds.map { try dataset.splits(seed: $0) }
        events(.ready(sets: sets.map(\.name), layers: options.layers))

        var results: [LayerSweepReport.SetResult] = []
        for (set, extractors) in zip(sets, extractors) {
            let start = Date()
            let layers = try cache.features(of: dataset.examples, names: dataset.names, origin: dataset.root,
                                            weightsChecksum: set.checksum, extractors: extractors) { done, total in
                events(.extracting(set: set.name, done: done, total: total))
            }
            let record = FeatureExtractionRecord(images: dataset.examples.count, fromCache: layers.allSatisfy(\.fromCache),
                                                 seconds: Date().timeIntervalSince(start),
                                                 skippedFiles: layers[0].features.skipped.map(\.description),
                                                 cacheFile: layers[0].file.deletingLastPathComponent().path)
            events(.features(set: set.name, record: record, layersFromCache: layers.filter(\.fromCache).count))
            var layerResults: [LayerSweepReport.LayerResult] = []
            for (extractor, layer) in zip(extractors, layers) {
                let configuration = FeatureConfiguration(
                    weightSet: set.name, weightsFile: set.file, weightsChecksum: set.checksum, randomSeed: options.randomSeed,
                    layer: extractor.layer, imageSize: extractor.imageSize, preprocessing: extractor.preprocessing)
                var runs: [RunResult] = []
                for (run, (seed, split)) in zip(seeds, splits).enumerated() {
                    let (result, _) = try HeadRun.train(
                        on: layer.features, dataset: dataset, splits: split, seed: seed, hiddenSizes: options.hiddenSizes,
                        dropout: options.dropout, training: options.training, configuration: configuration)
                    runs.append(result)
                    events(.trained(set: set.name, layer: extractor.layer, run: run, result: result))
                }
                layerResults.append(.init(layer: extractor.layer, featureWidth: layer.features.width,
                                          pooledTo: extractor.reduction?.outputSize, runs: runs))
            }
            results.append(.init(name: set.name, weightsChecksum: set.checksum, weightsFile: set.file,
                                 imageSize: extractors[0].imageSize, extraction: record, layers: layerResults))
        }
        return LayerSweepReport(dataset: dataset.source.path, classNames: dataset.classNames, layers: options.layers,
                                splitsCarved: !splits[0].carved.isEmpty, hiddenSizes: options.hiddenSizes,
                                dropout: options.dropout, training: options.training, sets: results)
    }
}
