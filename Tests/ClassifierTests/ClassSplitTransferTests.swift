import Classifier
import FeatureNetworks
import Foundation
import NN
import TestSupport
import Testing

@Suite struct ClassSplitTransferTests {
    /// (1 − β)·CE + β·BCE: every parameter's gradient (hidden layers, output, auxiliary head) by
    /// central differences, dropout off so the loss is a function of the weights alone.
    @Test func theAuxiliaryLossMatchesFiniteDifferences() {
        let (x, labels) = MLPHeadTests.clusters(classes: 3, perClass: 3, width: 4, spread: 1, seed: 8)
        let head = MLPHead(inputFeatures: 4, hiddenSizes: [5], classCount: 3, dropout: 0, seed: 2)
        let auxiliary = BinaryAuxiliaryHead(representationWidth: 5, weight: 0.3, targets: [1, 0, 1], seed: 3)
        let trainer = ClassifierTrainer(head: head, auxiliary: auxiliary)
        _ = trainer.accumulateGradients(x, labels: labels)
        let analytic = trainer.parameters.map(\.gradient)
        var mismatches: [String] = []
        for (p, gradient) in zip(trainer.parameters, analytic) {
            mismatches += gradientMismatches(of: { value in
                let saved = p.value
                p.value = value
                defer { p.value = saved }
                return trainer.accumulateGradients(x, labels: labels)
            }, at: p.value, analytic: gradient, name: p.name)
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    /// β = 0 leaves the run as it was without the binary head: the same weights, bit for bit, and
    /// the same history (the auxiliary head has a seed of its own and adds exact zeros).
    @Test func betaZeroIsBitForBitTheRunWithoutTheBinaryHead() {
        let (x, labels) = MLPHeadTests.clusters(classes: 4, perClass: 10, width: 6, spread: 2, seed: 9)
        func run(auxiliaryWeight: Float?) -> ([Tensor], HeadTrainingResult) {
            let head = MLPHead(inputFeatures: 6, hiddenSizes: [8, 8], classCount: 4, dropout: 0.5, seed: 4)
            let auxiliary = auxiliaryWeight.map {
                BinaryAuxiliaryHead(representationWidth: 8, weight: $0, targets: [0, 1, 1, 0], seed: 5)
            }
            let result = ClassifierTrainer(head: head, auxiliary: auxiliary).train(
                inputs: x, labels: labels, validation: (x, labels), configuration: HeadTraining(epochs: 6, batchSize: 7, seed: 6))
            return (head.parameters.map(\.value), result)
        }
        let plain = run(auxiliaryWeight: nil), zero = run(auxiliaryWeight: 0), some = run(auxiliaryWeight: 0.3)
        #expect(zero.0 == plain.0 && zero.1 == plain.1)
        #expect(some.0 != plain.0)
        // And the plain trainer is MLPHead.train.
        let head = MLPHead(inputFeatures: 6, hiddenSizes: [8, 8], classCount: 4, dropout: 0.5, seed: 4)
        #expect(head.train(features: x, labels: labels, validation: (x, labels),
                           configuration: HeadTraining(epochs: 6, batchSize: 7, seed: 6)) == plain.1)
        #expect(head.parameters.map(\.value) == plain.0)
    }

    @Test func thePartitionIsReproducibleFromItsSeed() throws {
        let partition = try ClassPartition(classCount: 10, seed: 3, dataset: "d")
        #expect(try ClassPartition(classCount: 10, seed: 3, dataset: "d") == partition)
        #expect(try ClassPartition(classCount: 10, seed: 4, dataset: "d") != partition)
        #expect(partition.a.count == 5 && partition.b.count == 5 && Set(partition.a + partition.b) == Set(0..<10))
        #expect(partition.binaryHalf.count == 3 && Set(partition.binaryHalf).isSubset(of: partition.a))
        #expect(partition.binaryTargets.filter { $0 == 1 }.count == 3)
        let odd = try ClassPartition(classCount: 5, seed: 1, dataset: "d")
        #expect(odd.a.count == 2 && odd.b.count == 3 && odd.binaryHalf.count == 1)
    }

    @Test func threeClassesCannotBeSplit() {
        let error = Fixtures.failure(ClassifierError.self) { _ = try ClassPartition(classCount: 3, seed: 0, dataset: "/data/x") }
        #expect(error?.description == "/data/x: 3 classes cannot be split into halves A and B of at least 2 classes each; "
                + "a transfer needs 4 or more")
    }

    /// The protocol end to end on four shape classes (A and B of two each): a report per β with
    /// the halves by name, and the baseline.
    @Test func pretrainTransferAndBaselineOnShapes() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.shapeFolder(root: root, perClass: 6, seed: 7)
        let cacheFolder = try Fixtures.temporaryFolder()
        let options = ClassSplitTransfer.Options(
            weightSet: "imagenet", layer: "pool5", imageSize: 64, hiddenSizes: [16],
            training: HeadTraining(epochs: 4, batchSize: 8, patience: 4), betas: [0, 0.3], partitionSeed: 2, repeats: 2, seed: 1)
        var events: [String] = []
        let report = try ClassSplitTransfer(
            dataset: try ClassificationDataset(path: root), options: options,
            store: FeatureNetworkLoader.store(cacheOverride: cacheFolder),
            cache: FeatureCache(folder: URL(fileURLWithPath: cacheFolder))).run { event in
                switch event {
                case .pretrained: events.append("A")
                case .transferred: events.append("B")
                case .fromScratch: events.append("scratch")
                default: break
                }
            }
        #expect(events == ["A", "B", "A", "B", "scratch", "A", "B", "A", "B", "scratch"])
        #expect(report.partition == (try ClassPartition(classCount: 4, seed: 2, dataset: root)))
        #expect(report.betas.map(\.beta) == [0, 0.3] && report.betas.allSatisfy { $0.accuracyA.count == 2 && $0.accuracyB.count == 2 })
        #expect(report.fromScratch.count == 2 && report.seeds == [1, 2])
        let a = report.partition.a.map { Fixtures.shapeClasses[$0] }.joined(separator: ", ")
        #expect(report.table.contains("A = \(a)") && report.table.contains("B from scratch"))
        let out = try Fixtures.temporaryFolder()
        #expect(try report.write(to: out).map { ($0 as NSString).lastPathComponent } == ["report.txt", "report.json", "transfer.png"])
        let decoded = try JSONDecoder().decode(ClassSplitTransferReport.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/report.json")))
        #expect(decoded == report)
    }

    /// With --fine-tune, conv5 is pre-trained on A and transferred with the hidden layers: the
    /// cache holds relu4's maps (what conv5 reads), and the report names the layer and its rate.
    @Test func fineTunedLayersTransferWithTheHead() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.shapeFolder(root: root, perClass: 4, seed: 8)
        let cacheFolder = try Fixtures.temporaryFolder()
        let options = ClassSplitTransfer.Options(
            weightSet: "imagenet", layer: "pool5", imageSize: 64, hiddenSizes: [16],
            training: HeadTraining(epochs: 2, batchSize: 8, patience: 2), betas: [0.5], fineTune: ["conv5"],
            backboneLearningRate: 1e-3)
        var record: FeatureExtractionRecord?
        let report = try ClassSplitTransfer(
            dataset: try ClassificationDataset(path: root), options: options,
            store: FeatureNetworkLoader.store(cacheOverride: cacheFolder),
            cache: FeatureCache(folder: URL(fileURLWithPath: cacheFolder))).run { event in
                if case .features(let features) = event { record = features }
            }
        #expect((record!.cacheFile as NSString).lastPathComponent.hasPrefix("relu4-"))
        #expect(report.fineTuned == ["conv5"] && report.backboneLearningRate == 1e-3)
        #expect(report.table.contains("transfer to B: hidden layers and fine-tuned layers at 0.1 x"))
        #expect(report.betas[0].accuracyB.count == 1 && report.fromScratch.count == 1)
    }
}
