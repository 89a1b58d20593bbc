import Datasets
import NN

/// One run of a head: standardise on the training rows, train a head stopped early on the
/// validation rows, score it on the test rows. Shared by the comparison of weight sets and the
/// layer sweep, so both train alike.
///
/// With a `backbone`, `features` are the cached maps it reads; it starts from the network's own
/// weights, and its layers train with the head at `backboneLearningRate`.
enum HeadRun {
    static func train(on features: DatasetFeatures, dataset: ClassificationDataset, splits: DatasetSplits, seed: UInt64,
                      hiddenSizes: [Int], dropout: Float, training: HeadTraining, configuration: FeatureConfiguration,
                      backbone: FineTunedBackbone? = nil, backboneLearningRate: Double = 0,
                      progress: (Int, Int) -> Void = { _, _ in }) throws -> (RunResult, ClassifierModel) {
        let train = try rows(of: features, dataset: dataset, split: splits.train)
        let validation = try rows(of: features, dataset: dataset, split: splits.validation)
        let test = try rows(of: features, dataset: dataset, split: splits.test)
        backbone?.reset()
        let scaling = FeatureScaling(fitting: backbone.map { $0.unscaledFeaturesInBatches(train.features) } ?? train.features)
        backbone?.scaling = scaling
        var generator = SeededGenerator(seed: seed)
        let head = MLPHead(inputFeatures: backbone?.outputWidth ?? features.width, hiddenSizes: hiddenSizes,
                           classCount: dataset.classNames.count, dropout: dropout, seed: generator.next())
        var training = training
        training.seed = generator.next()
        let trainer = ClassifierTrainer(head: head, backbone: backbone)
        let inputs = { (rows: Tensor) in backbone == nil ? scaling.apply(rows) : rows }
        let groups = backbone.map { [ClassifierTrainer.Group(parameters: head.parameters, learningRate: training.learningRate),
                                     .init(parameters: $0.parameters, learningRate: backboneLearningRate)] }
        let history = trainer.train(inputs: inputs(train.features), labels: train.labels,
                                    validation: (inputs(validation.features), validation.labels),
                                    configuration: training, groups: groups, progress: progress)
        let metrics = ClassificationMetrics(labels: test.labels, predictions: trainer.predictions(inputs(test.features)),
                                            classCount: dataset.classNames.count)
        let result = RunResult(seed: seed, trainCount: train.labels.count, validationCount: validation.labels.count,
                               testCount: test.labels.count, training: history, metrics: metrics)
        let model = ClassifierModel(head: head, scaling: scaling, classNames: dataset.classNames, configuration: configuration,
                                    fineTunedLayers: backbone?.fineTuned ?? [], fineTunedWeights: backbone?.weights ?? [:])
        return (result, model)
    }

    /// A split's readable rows and labels; a split with none is an error naming it.
    static func rows(of features: DatasetFeatures, dataset: ClassificationDataset,
                     split: DatasetSplit) throws -> (features: Tensor, labels: [Int]) {
        let rows = features.rows(at: dataset.positions(of: split), labels: split.examples.map { $0.label! })
        guard !rows.labels.isEmpty else {
            throw DatasetError.noReadableImages(split: split.name.rawValue, folder: split.origin, skipped: split.count)
        }
        return rows
    }
}
