import Classifier
import Foundation
import NN
import Testing

@Suite struct MLPHeadTests {
    /// `perClass` points around each of `classes` centres in `width` dimensions.
    static func clusters(classes: Int, perClass: Int, width: Int, spread: Float, seed: UInt64) -> (Tensor, [Int]) {
        var generator = SeededGenerator(seed: 1000)   // the same centres for every seed
        let centres = (0..<classes).map { _ in (0..<width).map { _ in 3 * generator.nextNormal() } }
        generator = SeededGenerator(seed: seed)
        var scalars: [Float] = [], labels: [Int] = []
        for c in 0..<classes {
            for _ in 0..<perClass {
                scalars += centres[c].map { $0 + spread * generator.nextNormal() }
                labels.append(c)
            }
        }
        return (Tensor(shape: [labels.count, width], scalars: scalars), labels)
    }

    @Test func learnsSeparableClustersAndKeepsItsBestEpoch() {
        let (train, trainLabels) = Self.clusters(classes: 3, perClass: 30, width: 6, spread: 1, seed: 1)
        let (validation, validationLabels) = Self.clusters(classes: 3, perClass: 10, width: 6, spread: 1, seed: 2)
        let (test, testLabels) = Self.clusters(classes: 3, perClass: 20, width: 6, spread: 1, seed: 3)
        let head = MLPHead(inputFeatures: 6, hiddenSizes: [16], classCount: 3, dropout: 0.2, seed: 4)
        let result = head.train(features: train, labels: trainLabels, validation: (validation, validationLabels),
                                configuration: HeadTraining(epochs: 40, batchSize: 8, learningRate: 1e-2, patience: 5, seed: 5))
        let metrics = ClassificationMetrics(labels: testLabels, predictions: head.predictions(test), classCount: 3)
        #expect(metrics.accuracy >= 0.95, "\(metrics.accuracy)")
        #expect(result.trainingLoss.last! < result.trainingLoss.first! / 2)
        // Stopped once five epochs brought nothing better, with the best epoch's weights restored.
        #expect(result.epochsRun < 40 && result.epochsRun == result.bestEpoch + 5)
        let accuracy = ClassificationMetrics(labels: validationLabels, predictions: head.predictions(validation),
                                             classCount: 3).accuracy
        #expect(accuracy == result.bestValidationAccuracy && accuracy == result.validationAccuracy.max())
        let p = head.probabilities(test)
        #expect((0..<p.shape[0]).allSatisfy { row in abs(p.scalars[row * 3..<row * 3 + 3].reduce(0, +) - 1) < 1e-5 })
    }

    @Test func aSeedFixesTheWholeRun() {
        let (x, labels) = Self.clusters(classes: 2, perClass: 12, width: 4, spread: 2, seed: 7)
        func trained() -> [Tensor] {
            let head = MLPHead(inputFeatures: 4, hiddenSizes: [8, 8], classCount: 2, dropout: 0.5, seed: 3)
            head.train(features: x, labels: labels, validation: (x, labels),
                       configuration: HeadTraining(epochs: 5, batchSize: 5, seed: 9))
            return head.parameters.map(\.value)
        }
        #expect(trained() == trained())
    }

    @Test func standardisationUsesTrainingStatistics() {
        let x = Tensor(shape: [4, 3], scalars: [1, 10, 5, 3, 10, 5, 5, 10, 5, 7, 10, 6])
        let scaling = FeatureScaling(fitting: x)
        #expect(scaling.mean == [4, 10, 5.25])
        #expect(abs(scaling.standardDeviation[0] - Float(5).squareRoot()) < 1e-6 && scaling.standardDeviation[1] == 1)
        let y = scaling.apply(x)
        #expect(abs(y[flat: 0] + 3 / Float(5).squareRoot()) < 1e-6 && y[flat: 1] == 0)
    }

    @Test func aSavedModelLoadsBackExactly() throws {
        let head = MLPHead(inputFeatures: 5, hiddenSizes: [7], classCount: 3, dropout: 0.3, seed: 1)
        let scaling = FeatureScaling(mean: [1, 2, 3, 4, 5], standardDeviation: [1, 2, 1, 2, 1])
        let configuration = FeatureConfiguration(weightSet: "imagenet", weightsFile: "/w.safetensors", weightsChecksum: "abc",
                                                 randomSeed: 0, layer: "pool5", imageSize: 224, preprocessing: "p")
        let model = ClassifierModel(head: head, scaling: scaling, classNames: ["a", "b", "c"], configuration: configuration)
        let path = try Fixtures.temporaryFolder() + "/model.safetensors"
        try model.save(to: path)
        let loaded = try ClassifierModel(contentsOf: path)
        #expect(loaded.classNames == ["a", "b", "c"] && loaded.configuration == configuration && loaded.scaling == scaling)
        #expect(loaded.head.hiddenSizes == [7] && loaded.head.dropout == 0.3)
        var generator = SeededGenerator(seed: 2)
        let x = Tensor.normal(shape: [4, 5], using: &generator)
        #expect(loaded.probabilities(features: x) == model.probabilities(features: x))

        let other = try Fixtures.temporaryFolder() + "/other.safetensors"
        try SafeTensorsFile.write(["w": x], to: URL(fileURLWithPath: other))
        let error = Fixtures.failure(ClassifierError.self) { _ = try ClassifierModel(contentsOf: other) }
        #expect(error?.description == "\(other): not a vae-cli classifier: no \"format\": \"vae-cli classifier\" in its metadata")
    }
}
