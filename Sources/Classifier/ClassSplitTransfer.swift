import Datasets
import Foundation
import NN
import WeightStore

/// Borthakur & Einhorn's protocol on a user's classes: split the classes into halves A and B
/// (`ClassPartition`); pre-train on A with a binary auxiliary head weighted β
/// (`BinaryAuxiliaryHead`); transfer to B keeping the hidden layers (and any fine-tuned network
/// layers) at `transferLearningRateFactor` times their learning rate, with a fresh output layer at
/// the full rate; compare B's test accuracy over β, and against the same head trained on B from
/// scratch. Every β of a repeat starts from the same initialisation and sees the same batches.
public final class ClassSplitTransfer {
    public struct Options: Sendable {
        public var weightSet: String
        public var layer: String?
        public var imageSize: Int?
        /// At least one: the hidden layers are what a transfer keeps.
        public var hiddenSizes: [Int]
        public var dropout: Float
        public var training: HeadTraining
        public var betas: [Float]
        public var partitionSeed: UInt64
        public var transferLearningRateFactor: Double
        public var repeats: Int
        public var seed: UInt64
        public var randomSeed: UInt64
        public var fineTune: [String]
        public var backboneLearningRate: Double

        public init(weightSet: String, layer: String? = nil, imageSize: Int? = nil, hiddenSizes: [Int] = [512],
                    dropout: Float = 0.5, training: HeadTraining = HeadTraining(), betas: [Float], partitionSeed: UInt64 = 0,
                    transferLearningRateFactor: Double = 0.1, repeats: Int = 1, seed: UInt64 = 0, randomSeed: UInt64 = 0,
                    fineTune: [String] = [], backboneLearningRate: Double = 1e-4) {
            precondition(!hiddenSizes.isEmpty && !betas.isEmpty && repeats > 0,
                         "a transfer needs hidden layers \(hiddenSizes), betas \(betas) and repeats \(repeats)")
            precondition(betas.allSatisfy { (0...1).contains($0) }, "betas \(betas) must lie in [0, 1]")
            self.weightSet = weightSet
            self.layer = layer
            self.imageSize = imageSize
            self.hiddenSizes = hiddenSizes
            self.dropout = dropout
            self.training = training
            self.betas = betas
            self.partitionSeed = partitionSeed
            self.transferLearningRateFactor = transferLearningRateFactor
            self.repeats = repeats
            self.seed = seed
            self.randomSeed = randomSeed
            self.fineTune = fineTune
            self.backboneLearningRate = backboneLearningRate
        }
    }

    public enum Event {
        /// The set, layer and partition are settled; nothing slow has happened yet.
        case ready(partition: ClassPartition)
        case extracting(done: Int, total: Int)
        case features(record: FeatureExtractionRecord)
        case pretrained(run: Int, beta: Float, accuracyA: Double)
        case transferred(run: Int, beta: Float, accuracyB: Double)
        case fromScratch(run: Int, accuracyB: Double)
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

    /// Rows of one half of the classes, labelled by position in that half.
    private struct Rows {
        let inputs: Tensor
        let labels: [Int]
    }

    public func run(events: (Event) -> Void = { _ in }) throws -> ClassSplitTransferReport {
        let partition = try ClassPartition(classCount: dataset.classNames.count, seed: options.partitionSeed,
                                           dataset: dataset.source.path)
        let set = try LoadedWeightSet.load(options.weightSet, store: store, randomSeed: options.randomSeed)
        let layer = options.layer ?? LoadedWeightSet.defaultLayer(of: set.network)
        var extractor = try FeatureExtractor(network: set.network, layer: layer, imageSize: options.imageSize)
        let backbone = try options.fineTune.isEmpty ? nil
            : FineTunedBackbone(network: set.network, setName: set.name, fineTune: options.fineTune, layer: layer,
                                imageSize: extractor.imageSize)
        if let backbone {
            extractor = try FeatureExtractor(network: set.network, layer: backbone.inputStage, imageSize: options.imageSize,
                                             poolsWideLayers: false)
        }
        let seeds = (0..<options.repeats).map { options.seed &+ UInt64($0) }
        let splits = try seeds.map { try dataset.splits(seed: $0) }
        events(.ready(partition: partition))

        let start = Date()
        let (features, fromCache, file) = try cache.features(
            of: dataset.examples, names: dataset.names, origin: dataset.root, weightsChecksum: set.checksum,
            extractor: extractor) { events(.extracting(done: $0, total: $1)) }
        let record = FeatureExtractionRecord(images: dataset.examples.count, fromCache: fromCache,
                                             seconds: Date().timeIntervalSince(start),
                                             skippedFiles: features.skipped.map(\.description), cacheFile: file.path)
        events(.features(record: record))

        var accuracyA = options.betas.map { _ in [Double]() }, accuracyB = accuracyA, scratch: [Double] = []
        for (run, (seed, split)) in zip(seeds, splits).enumerated() {
            func rows(_ split: DatasetSplit, _ classes: [Int]) throws -> Rows {
                let all = try HeadRun.rows(of: features, dataset: dataset, split: split)
                let kept = all.labels.indices.filter { classes.contains(all.labels[$0]) }
                return Rows(inputs: all.features.gatheringRows(kept), labels: kept.map { classes.firstIndex(of: all.labels[$0])! })
            }
            let a = try (rows(split.train, partition.a), rows(split.validation, partition.a), rows(split.test, partition.a))
            let b = try (rows(split.train, partition.b), rows(split.validation, partition.b), rows(split.test, partition.b))
            var generator = SeededGenerator(seed: seed)
            let seeds = (headA: generator.next(), headB: generator.next(), auxiliary: generator.next(),
                         trainingA: generator.next(), trainingB: generator.next())
            let rate = options.training.learningRate, factor = options.transferLearningRateFactor

            for (index, beta) in options.betas.enumerated() {
                // Pre-training on A with the auxiliary head.
                let scaling = fitScaling(a.0, backbone: backbone)
                let inputs = { (rows: Rows) in backbone == nil ? scaling.apply(rows.inputs) : rows.inputs }
                let headA = head(classes: partition.a.count, width: backbone?.outputWidth ?? features.width, seed: seeds.headA)
                let auxiliary = BinaryAuxiliaryHead(representationWidth: headA.representationWidth, weight: beta,
                                                    targets: partition.binaryTargets, seed: seeds.auxiliary)
                let pretraining = ClassifierTrainer(head: headA, backbone: backbone, auxiliary: auxiliary)
                pretraining.train(inputs: inputs(a.0), labels: a.0.labels, validation: (inputs(a.1), a.1.labels),
                                  configuration: training(seeds.trainingA),
                                  groups: groups(head: headA.parameters + auxiliary.parameters, headRate: rate, backbone: backbone,
                                                 backboneRate: options.backboneLearningRate))
                accuracyA[index].append(Self.accuracy(pretraining.predictions(inputs(a.2)), a.2.labels))
                events(.pretrained(run: run, beta: beta, accuracyA: accuracyA[index].last!))

                // Transfer to B: A's hidden layers (and backbone, and scaling), a fresh output layer.
                let headB = head(classes: partition.b.count, width: headA.inputFeatures, seed: seeds.headB)
                for (target, source) in zip(headB.hidden.parameters, headA.hidden.parameters) { target.value = source.value }
                let transfer = ClassifierTrainer(head: headB, backbone: backbone)
                var transferGroups = [ClassifierTrainer.Group(parameters: headB.hidden.parameters, learningRate: rate * factor),
                                      ClassifierTrainer.Group(parameters: headB.output.parameters, learningRate: rate)]
                if let backbone {
                    transferGroups.append(.init(parameters: backbone.parameters, learningRate: options.backboneLearningRate * factor))
                }
                transfer.train(inputs: inputs(b.0), labels: b.0.labels, validation: (inputs(b.1), b.1.labels),
                               configuration: training(seeds.trainingB), groups: transferGroups)
                accuracyB[index].append(Self.accuracy(transfer.predictions(inputs(b.2)), b.2.labels))
                events(.transferred(run: run, beta: beta, accuracyB: accuracyB[index].last!))
            }

            // The baseline: the same head on B alone, from the network's own weights.
            let scaling = fitScaling(b.0, backbone: backbone)
            let inputs = { (rows: Rows) in backbone == nil ? scaling.apply(rows.inputs) : rows.inputs }
            let headB = head(classes: partition.b.count, width: backbone?.outputWidth ?? features.width, seed: seeds.headB)
            let baseline = ClassifierTrainer(head: headB, backbone: backbone)
            baseline.train(inputs: inputs(b.0), labels: b.0.labels, validation: (inputs(b.1), b.1.labels),
                           configuration: training(seeds.trainingB),
                           groups: groups(head: headB.parameters, headRate: rate, backbone: backbone,
                                          backboneRate: options.backboneLearningRate))
            scratch.append(Self.accuracy(baseline.predictions(inputs(b.2)), b.2.labels))
            events(.fromScratch(run: run, accuracyB: scratch.last!))
        }
        return ClassSplitTransferReport(
            dataset: dataset.source.path, classNames: dataset.classNames, weightSet: set.name, weightsChecksum: set.checksum,
            layer: layer, partition: partition, hiddenSizes: options.hiddenSizes, dropout: options.dropout,
            training: options.training, transferLearningRateFactor: options.transferLearningRateFactor,
            fineTuned: backbone?.fineTuned ?? [], backboneLearningRate: backbone == nil ? nil : options.backboneLearningRate,
            seeds: seeds, extraction: record,
            betas: options.betas.indices.map { .init(beta: options.betas[$0], accuracyA: accuracyA[$0], accuracyB: accuracyB[$0]) },
            fromScratch: scratch)
    }

    /// The backbone back at the network's weights, and standardisation fitted on `rows`' features.
    private func fitScaling(_ rows: Rows, backbone: FineTunedBackbone?) -> FeatureScaling {
        guard let backbone else { return FeatureScaling(fitting: rows.inputs) }
        backbone.reset()
        let scaling = FeatureScaling(fitting: backbone.unscaledFeaturesInBatches(rows.inputs))
        backbone.scaling = scaling
        return scaling
    }

    private func head(classes: Int, width: Int, seed: UInt64) -> MLPHead {
        MLPHead(inputFeatures: width, hiddenSizes: options.hiddenSizes, classCount: classes, dropout: options.dropout, seed: seed)
    }

    private func training(_ seed: UInt64) -> HeadTraining {
        var training = options.training
        training.seed = seed
        return training
    }

    private func groups(head: [Parameter], headRate: Double, backbone: FineTunedBackbone?,
                        backboneRate: Double) -> [ClassifierTrainer.Group] {
        [.init(parameters: head, learningRate: headRate)]
            + (backbone.map { [.init(parameters: $0.parameters, learningRate: backboneRate)] } ?? [])
    }

    private static func accuracy(_ predictions: [Int], _ labels: [Int]) -> Double {
        Double(zip(predictions, labels).filter { $0 == $1 }.count) / Double(labels.count)
    }
}
