import Classifier
import FeatureNetworks
import Foundation
import NN
import Testing

@Suite struct FineTuningTests {
    /// conv5 trained with the head on relu4's cached maps: the training loss ends lower than with
    /// conv5 frozen (the same head, seed and batches; a learning rate of 0 moves nothing), only
    /// conv5's weights change, and the whole network with the new conv5 gives the features the
    /// backbone gave, which is what `classify predict` runs. (Training loss on the training rows:
    /// frozen 0.565, fine-tuned 0.181.)
    @Test func fineTuningConv5LowersTheTrainingLossAndChangesOnlyConv5() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.shapeFolder(root: root, perClass: 8, seed: 5)
        let dataset = try ClassificationDataset(path: root)
        let network = try EmbeddedWeights.imagenetNetwork()
        let backbone = try FineTunedBackbone(network: network, setName: "imagenet", fineTune: ["conv5"], layer: "pool5",
                                             imageSize: 96)
        #expect(backbone.inputStage == "relu4" && backbone.fineTuned == ["conv5"] && backbone.outputWidth == 256 * 2 * 2)
        let extractor = try FeatureExtractor(network: network, layer: "relu4", imageSize: 96, poolsWideLayers: false)
        let maps = try extractor.features(of: dataset.examples, origin: dataset.root)
        let splits = try dataset.splits(seed: 0)
        let train = maps.rows(at: dataset.positions(of: splits.train), labels: splits.train.examples.map { $0.label! })
        let validation = maps.rows(at: dataset.positions(of: splits.validation), labels: splits.validation.examples.map { $0.label! })
        let before = network.parameters.map(\.value)
        let conv5 = Set(network.stages.first { $0.name == "conv5" }!.layer.parameters.map(\.name))

        func trainingLoss(backboneLearningRate: Double) -> (final: Double, epochs: [Double]) {
            backbone.reset()
            backbone.scaling = FeatureScaling(fitting: backbone.unscaledFeaturesInBatches(train.features))
            let head = MLPHead(inputFeatures: backbone.outputWidth, hiddenSizes: [32], classCount: 4, dropout: 0, seed: 1)
            let trainer = ClassifierTrainer(head: head, backbone: backbone)
            let history = trainer.train(
                inputs: train.features, labels: train.labels, validation: (validation.features, validation.labels),
                configuration: HeadTraining(epochs: 6, batchSize: 8, learningRate: 1e-3, patience: 6, seed: 2),
                groups: [.init(parameters: head.parameters, learningRate: 1e-3),
                         .init(parameters: backbone.parameters, learningRate: backboneLearningRate)])
            return (Double(SoftmaxCrossEntropy(logits: trainer.logits(train.features), labels: train.labels).value),
                    history.trainingLoss)
        }
        let frozen = trainingLoss(backboneLearningRate: 0)
        #expect(network.parameters.map(\.value) == before)
        let tuned = trainingLoss(backboneLearningRate: 3e-4)
        #expect(tuned.final < frozen.final, "fine-tuned \(tuned) against frozen \(frozen)")
        for (p, original) in zip(network.parameters, before) {
            #expect((p.value != original) == conv5.contains(p.name), "\(p.name)")
        }
        let whole = try FeatureExtractor(network: network, layer: "pool5", imageSize: 96).features(of: dataset.examples,
                                                                                                   origin: dataset.root)
        let difference = zip(whole.features.scalars, backbone.unscaledFeaturesInBatches(maps.features).scalars)
            .map { abs($0 - $1) }.max()!
        #expect(difference < 1e-3, "\(difference)")
    }

    /// Through `classify train`'s path: relu4's maps are cached (and read back by the next run), the
    /// report names the fine-tuned layer, and the saved model puts its conv5 into the network it loads.
    @Test func theFrozenPartComesFromTheCacheAndTheModelCarriesConv5() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.shapeFolder(root: root, perClass: 4, seed: 6)
        let cacheFolder = try Fixtures.temporaryFolder()
        let store = FeatureNetworkLoader.store(cacheOverride: cacheFolder)
        let options = TransferComparison.Options(
            weightSets: ["imagenet"], layer: "pool5", imageSize: 96, hiddenSizes: [16],
            training: HeadTraining(epochs: 2, batchSize: 8, patience: 2), fineTune: ["conv5"], backboneLearningRate: 1e-3)
        func run() throws -> (TransferComparison.Outcome, FeatureExtractionRecord) {
            var record: FeatureExtractionRecord?
            let outcome = try TransferComparison(dataset: try ClassificationDataset(path: root), options: options, store: store,
                                                 cache: FeatureCache(folder: URL(fileURLWithPath: cacheFolder + "/features"))).run { event in
                if case .features(_, let features) = event { record = features }
            }
            return (outcome, record!)
        }
        let (first, extraction) = try run()
        #expect(!extraction.fromCache && (extraction.cacheFile as NSString).lastPathComponent.hasPrefix("relu4-"))
        #expect(try run().1.fromCache)
        let report = first.report
        #expect(report.fineTuned == ["conv5"] && report.backboneLearningRate == 1e-3 && report.sets[0].featureWidth == 1024)
        #expect(report.table.contains("fine-tuned conv5 at learning rate 0.001"))

        let model = first.models[0].model
        #expect(model.fineTunedLayers == ["conv5"] && model.fineTunedWeights.keys.sorted() == ["features.10.bias", "features.10.weight"])
        let file = try Fixtures.temporaryFolder() + "/model.safetensors"
        try model.save(to: file)
        let loaded = try ClassifierModel(contentsOf: file)
        #expect(loaded.fineTunedLayers == ["conv5"] && loaded.fineTunedWeights == model.fineTunedWeights)
        let network = try loaded.loadWeightSet(store: store, modelFile: file).network
        let original = try EmbeddedWeights.imagenetNetwork()
        for (p, q) in zip(network.parameters, original.parameters) {
            #expect((p.value == q.value) == !p.name.hasPrefix("features.10."), "\(p.name)")
        }
    }

    @Test func badFineTuningChoicesAreOneLineErrors() throws {
        let network = try EmbeddedWeights.imagenetNetwork()
        func failure(_ layers: [String], layer: String = "pool5") -> String? {
            Fixtures.failure(ClassifierError.self) {
                _ = try FineTunedBackbone(network: network, setName: "imagenet", fineTune: layers, layer: layer, imageSize: 96)
            }?.description
        }
        #expect(failure(["conv9"])?.hasPrefix("weight set imagenet has no layer conv9; it has conv1, relu1") == true)
        #expect(failure(["relu5"]) == "weight set imagenet: layer relu5 has no weights to fine-tune; layers with weights: "
                + "conv1, conv2, conv3, conv4, conv5")
        #expect(failure(["conv5"], layer: "pool2") == "cannot fine-tune conv5: the features come from pool2, before it; "
                + "fine-tune layers up to pool2, or take the features from conv5 or deeper (--layer)")
        #expect(failure(["conv1", "conv2"])?.hasPrefix("weight set imagenet: fine-tuning conv1, the first layer") == true)
        #expect(network.parameters.allSatisfy { $0.isFrozen })
    }
}
