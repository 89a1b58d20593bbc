import Classifier
import Datasets
import FeatureNetworks
import Foundation
import ImageFiles
import NN
import Testing

@Suite struct TransferComparisonTests {
    /// ImageNet features beat the untrained control by a wide margin on stripes, dots and checks in
    /// random colours: the point of transfer learning, measured end to end. Extraction runs at
    /// 64x64 to keep the debug build quick (pool5 is then 256 features). Over dataset seeds 11-15
    /// the margin was 27 to 50 points (ImageNet 0.85-0.96, random 0.42-0.66), so 15 is safe.
    @Test func imagenetFeaturesBeatTheRandomControl() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.patternFolder(root: root, perClass: 16, seed: 14)
        let cacheFolder = try Fixtures.temporaryFolder()
        let options = TransferComparison.Options(
            weightSets: ["imagenet", "random"], layer: "pool5", imageSize: 64, hiddenSizes: [64], dropout: 0.5,
            training: HeadTraining(epochs: 60, batchSize: 16, learningRate: 1e-3, patience: 15), repeats: 3, seed: 1)
        let store = FeatureNetworkLoader.store(cacheOverride: cacheFolder)
        let comparison = TransferComparison(dataset: try ClassificationDataset(path: root), options: options, store: store,
                                            cache: FeatureCache(folder: URL(fileURLWithPath: cacheFolder + "/features")))
        var trainedRuns = 0
        let outcome = try comparison.run { event in
            if case .trained = event { trainedRuns += 1 }
        }
        let report = outcome.report
        let imagenet = report.sets[0], random = report.sets[1]
        #expect(trainedRuns == 6)
        #expect(imagenet.name == "imagenet" && random.name == "random" && report.layer == "pool5")
        #expect(imagenet.featureWidth == 256 && random.featureWidth == 256)
        #expect(imagenet.weightsChecksum == EmbeddedWeights.imagenetAlexNetSHA256)
        #expect(imagenet.runs.map(\.seed) == [1, 2, 3])
        #expect(imagenet.runs.allSatisfy { $0.trainCount == 64 && $0.validationCount == 64 && $0.testCount == 64 })
        #expect(!report.splitsCarved && imagenet.summedConfusion.joined().reduce(0, +) == 3 * 64)
        #expect(imagenet.accuracy.mean >= random.accuracy.mean + 0.15,
                "imagenet \(imagenet.accuracy.formatted()) against random \(random.accuracy.formatted())")

        // The report: table, JSON with every figure, a confusion picture per set.
        let out = try Fixtures.temporaryFolder()
        let written = try report.write(to: out)
        #expect(written.map { ($0 as NSString).lastPathComponent }
                == ["report.txt", "report.json", "confusion-imagenet.png", "confusion-random.png"])
        let decoded = try JSONDecoder().decode(ClassificationReport.self,
                                               from: Data(contentsOf: URL(fileURLWithPath: out + "/report.json")))
        #expect(decoded == report)
        #expect(report.table.contains(imagenet.accuracy.formatted()) && report.table.contains("horizontal"))
        #expect(try Image(contentsOfFile: out + "/confusion-random.png").width > 4 * 40)

        // The saved head, loaded back, classifies new files as the trained one does.
        let (set, model) = outcome.models[0]
        #expect(set == "imagenet" && model.configuration.layer == "pool5" && model.configuration.imageSize == 64)
        try model.save(to: out + "/imagenet.safetensors")
        let loaded = try ClassifierModel(contentsOf: out + "/imagenet.safetensors")
        #expect(loaded.classNames == Fixtures.patternClasses && loaded.configuration == model.configuration)
        let weights = try loaded.loadWeightSet(store: store, modelFile: out + "/imagenet.safetensors")
        let extractor = try FeatureExtractor(network: weights.network, layer: loaded.configuration.layer,
                                             imageSize: loaded.configuration.imageSize)
        let files = Fixtures.patternClasses.flatMap { kind in (0..<2).map { "\(root)/test/\(kind)/\($0).png" } }
        let features = try extractor.features(ofFiles: files)
        let probabilities = loaded.probabilities(features: features)
        #expect(probabilities == model.probabilities(features: features))
        let predicted = loaded.head.predictions(loaded.scaling.apply(features))
        #expect(zip(predicted, [0, 0, 1, 1, 2, 2, 3, 3]).filter { $0 == $1 }.count >= 6, "\(predicted)")
    }

    @Test func aLayerTheWeightsLackIsAnErrorNamingSetAndLayer() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.patternFolder(root: root, splits: [], perClass: 3, classes: ["a", "b"], seed: 1)
        let cacheFolder = try Fixtures.temporaryFolder()
        let comparison = TransferComparison(
            dataset: try ClassificationDataset(path: root), options: .init(weightSets: ["imagenet"], layer: "fc6"),
            store: FeatureNetworkLoader.store(cacheOverride: cacheFolder), cache: FeatureCache(folder: URL(fileURLWithPath: cacheFolder)))
        var events = 0
        let error = Fixtures.failure(ClassifierError.self) { _ = try comparison.run { _ in events += 1 } }
        guard case .layerMissing(let set, let layer, let available)? = error else {
            Issue.record("expected layerMissing, got \(String(describing: error))")
            return
        }
        #expect(set == "imagenet" && layer == "fc6" && available.last == "pool5" && events == 0)
        #expect(error!.description.hasPrefix("weight set imagenet has no layer fc6; it has conv1, relu1"))
    }
}
