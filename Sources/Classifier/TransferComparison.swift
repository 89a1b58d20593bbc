import Datasets
import Distributed
import Foundation
import NN
import WeightStore

/// Frozen features of several weight sets compared on one dataset: for each set, features of
/// every image at one layer (from the cache when it has them), then for each repeat a head trained
/// on the training split, stopped early on the validation split, and scored on the test split.
///
/// Every set sees the same splits in the same repeat, so the sets differ only in their features.
public final class TransferComparison {
    public struct Options: Sendable {
        public var weightSets: [String]
        /// nil: fc6 where the first set has it, else pool5.
        public var layer: String?
        /// nil: each network's own input size.
        public var imageSize: Int?
        public var hiddenSizes: [Int]
        public var dropout: Float
        /// Its `seed` is replaced by one drawn from each run's seed.
        public var training: HeadTraining
        public var repeats: Int
        /// Run r uses seed `seed + r` for its split (when carved), head and batch order.
        public var seed: UInt64
        /// Seeds the weights of the `random` control.
        public var randomSeed: UInt64
        /// Network layers trained with the head (`FineTunedBackbone`); empty keeps the network frozen.
        public var fineTune: [String]
        public var backboneLearningRate: Double

        public init(weightSets: [String], layer: String? = nil, imageSize: Int? = nil, hiddenSizes: [Int] = [512],
                    dropout: Float = 0.5, training: HeadTraining = HeadTraining(), repeats: Int = 1, seed: UInt64 = 0,
                    randomSeed: UInt64 = 0, fineTune: [String] = [], backboneLearningRate: Double = 1e-4) {
            self.weightSets = weightSets
            self.layer = layer
            self.imageSize = imageSize
            self.hiddenSizes = hiddenSizes
            self.dropout = dropout
            self.training = training
            self.repeats = repeats
            self.seed = seed
            self.randomSeed = randomSeed
            self.fineTune = fineTune
            self.backboneLearningRate = backboneLearningRate
        }
    }

    /// What happens, as it happens, for progress lines.
    public enum Event {
        /// Every set is loaded and has the layer; nothing slow has happened yet.
        case ready(layer: String, sets: [String])
        case extracting(set: String, done: Int, total: Int)
        case features(set: String, record: FeatureExtractionRecord)
        /// Examples trained on so far in a run, of at most `total` (early stopping may end sooner).
        case training(set: String, run: Int, done: Int, total: Int)
        case trained(set: String, run: Int, result: RunResult)
    }

    public struct Outcome {
        public let report: ClassificationReport
        /// Per set, in the order given, the model of the run with the best validation accuracy.
        public let models: [(set: String, model: ClassifierModel)]
    }

    public let dataset: ClassificationDataset
    public let options: Options
    public let store: WeightStore
    public let cache: FeatureCache

    public init(dataset: ClassificationDataset, options: Options, store: WeightStore, cache: FeatureCache) {
        precondition(!options.weightSets.isEmpty && Set(options.weightSets).count == options.weightSets.count,
                     "weight sets \(options.weightSets): need at least one, each once")
        precondition(options.repeats > 0, "repeats \(options.repeats) must be positive")
        self.dataset = dataset
        self.options = options
        self.store = store
        self.cache = cache
    }

    /// In an MPI job (`job`, rank 0) the extraction is shared with the other ranks, which call
    /// `extractShares(job:)` meanwhile; the heads are trained here alone.
    public func run(job: MPIJob? = nil, events: (Event) -> Void = { _ in }) throws -> Outcome {
        let (layer, sets, extractors, backbones, seeds, splits) = try prepare()
        events(.ready(layer: layer, sets: sets.map(\.name)))

        var results: [WeightSetResult] = []
        var models: [(set: String, model: ClassifierModel)] = []
        for ((set, extractor), backbone) in zip(zip(sets, extractors), backbones) {
            let start = Date()
            let features: DatasetFeatures, fromCache: Bool, file: URL
            if let job {
                let shared = try cache.features(of: dataset.examples, names: dataset.names, origin: dataset.root,
                                                weightsChecksum: set.checksum, extractor: extractor, job: job) { done, total in
                    events(.extracting(set: set.name, done: done, total: total))
                }
                (features, fromCache, file) = (shared.features!, shared.fromCache, shared.file)   // rank 0 gets them
            } else {
                (features, fromCache, file) = try cache.features(
                    of: dataset.examples, names: dataset.names, origin: dataset.root, weightsChecksum: set.checksum,
                    extractor: extractor) { done, total in events(.extracting(set: set.name, done: done, total: total)) }
            }
            let record = FeatureExtractionRecord(images: dataset.examples.count, fromCache: fromCache,
                                                 seconds: Date().timeIntervalSince(start),
                                                 skippedFiles: features.skipped.map(\.description),
                                                 cacheFile: file.path)
            events(.features(set: set.name, record: record))
            let featureExtractor = backbone == nil ? extractor
                : try FeatureExtractor(network: set.network, layer: layer, imageSize: options.imageSize)
            let configuration = FeatureConfiguration(
                weightSet: set.name, weightsFile: set.file, weightsChecksum: set.checksum, randomSeed: options.randomSeed,
                layer: layer, imageSize: extractor.imageSize, preprocessing: featureExtractor.preprocessing)

            var runs: [RunResult] = []
            var best: (accuracy: Double, model: ClassifierModel)?
            for (run, (seed, split)) in zip(seeds, splits).enumerated() {
                let (result, model) = try HeadRun.train(
                    on: features, dataset: dataset, splits: split, seed: seed, hiddenSizes: options.hiddenSizes,
                    dropout: options.dropout, training: options.training, configuration: configuration, backbone: backbone,
                    backboneLearningRate: options.backboneLearningRate) { done, total in
                    events(.training(set: set.name, run: run, done: done, total: total))
                }
                runs.append(result)
                events(.trained(set: set.name, run: run, result: result))
                if best == nil || result.training.bestValidationAccuracy > best!.accuracy {
                    best = (result.training.bestValidationAccuracy, model)
                }
            }
            results.append(WeightSetResult(name: set.name, weightsChecksum: set.checksum, weightsFile: set.file, layer: layer,
                                           imageSize: extractor.imageSize, featureWidth: backbone?.outputWidth ?? features.width,
                                           extraction: record, runs: runs))
            models.append((set.name, best!.model))
        }
        let report = ClassificationReport(dataset: dataset.source.path, classNames: dataset.classNames, layer: layer,
                                          splitsCarved: !splits[0].carved.isEmpty, hiddenSizes: options.hiddenSizes,
                                          dropout: options.dropout, training: options.training, sets: results,
                                          fineTuned: backbones[0]?.fineTuned ?? [],
                                          backboneLearningRate: options.fineTune.isEmpty ? nil : options.backboneLearningRate)
        return Outcome(report: report, models: models)
    }

    /// A rank other than 0 of an MPI job: its share of every set's features, for rank 0 to gather
    /// (in step with `run(job:events:)` there).
    public func extractShares(job: MPIJob) throws {
        let (_, sets, extractors, _, _, _) = try prepare()
        for (set, extractor) in zip(sets, extractors) {
            _ = try cache.features(of: dataset.examples, names: dataset.names, origin: dataset.root,
                                   weightsChecksum: set.checksum, extractor: extractor, job: job)
        }
    }

    /// Everything that can fail fast does, before any extraction: the sets, the layer, the
    /// fine-tuned layers, the splits. The extractors are those of the cached features: the feature
    /// layer's, or when fine-tuning the whole maps below the first fine-tuned layer.
    private func prepare() throws -> (layer: String, sets: [LoadedWeightSet], extractors: [FeatureExtractor],
                                      backbones: [FineTunedBackbone?], seeds: [UInt64], splits: [DatasetSplits]) {
        let sets = try options.weightSets.map { try LoadedWeightSet.load($0, store: store, randomSeed: options.randomSeed) }
        let layer = options.layer ?? LoadedWeightSet.defaultLayer(of: sets[0].network)
        var extractors: [FeatureExtractor] = [], backbones: [FineTunedBackbone?] = []
        for set in sets {
            let extractor = try FeatureExtractor(network: set.network, layer: layer, imageSize: options.imageSize)
            guard !options.fineTune.isEmpty else {
                extractors.append(extractor)
                backbones.append(nil)
                continue
            }
            let backbone = try FineTunedBackbone(network: set.network, setName: set.name, fineTune: options.fineTune,
                                                 layer: layer, imageSize: extractor.imageSize)
            extractors.append(try FeatureExtractor(network: set.network, layer: backbone.inputStage,
                                                   imageSize: options.imageSize, poolsWideLayers: false))
            backbones.append(backbone)
        }
        let seeds = (0..<options.repeats).map { options.seed &+ UInt64($0) }
        let splits = try seeds.map { try dataset.splits(seed: $0) }
        return (layer, sets, extractors, backbones, seeds, splits)
    }
}
