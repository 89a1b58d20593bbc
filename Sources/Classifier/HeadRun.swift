import Datasets
import NN

/// One run of a head on frozen features: standardise on the training rows, train a head stopped
/// early on the validation rows, score it on the test rows. Shared by the comparison of weight
/// sets and the layer sweep, so both train alike.
enum HeadRun {
    static func train(on features: DatasetFeatures, dataset: ClassificationDataset, splits: DatasetSplits, seed: UInt64,
                      hiddenSizes: [Int], dropout: Float, training: HeadTraining,
                      configuration: FeatureConfiguration) throws -> (RunResult, ClassifierModel) {
        let train = try rows(of: features, dataset: dataset, split: splits.train)
        let validation = try rows(of: features, dataset: dataset, split: splits.validation)
        let test = try rows(of: features, dataset: dataset, split: splits.test)
        let scaling = FeatureScaling(fitting: train.features)
        var generator = SeededGenerator(seed: seed)
        let head = MLPHead(inputFeatures: features.width, hiddenSizes: hiddenSizes,
                           classCount: dataset.classNames.count, dropout: dropout, seed: generator.next())
        var training = training
        training.seed = generator.next()
        let history = head.train(features: scaling.apply(train.features), labels: train.labels,
                                 validation: (scaling.apply(validation.features), validation.labels), configuration: training)
        let metrics = ClassificationMetrics(labels: test.labels, predictions: head.predictions(scaling.apply(test.features)),
                                            classCount: dataset.classNames.count)
        let result = RunResult(seed: seed, trainCount: train.labels.count, validationCount: validation.labels.count,
                               testCount: test.labels.count, training: history, metrics: metrics)
        let model = ClassifierModel(head: head, scaling: scaling, classNames: dataset.classNames, configuration: configuration)
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
