import Classifier
import FeatureNetworks
import Foundation
import ImageFiles
import NN
import Testing

@Suite struct LayerSweepTests {
    /// On shapes in random colours and places, ImageNet's pool5 beats its conv1: the deeper layer
    /// holds the shape, conv1 only local edges (seed 21: conv1 0.28 ± 0.02, near chance, conv3
    /// 0.97 ± 0.02, pool5 0.79 ± 0.05). One pass per set extracts both layers, and each
    /// lands in the cache under the key a single-layer extraction uses.
    @Test func deeperLayersBeatConv1OnATaskThatNeedsShapes() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.shapeFolder(root: root, perClass: 16, seed: 21)
        let cacheFolder = try Fixtures.temporaryFolder()
        let options = LayerSweep.Options(
            weightSets: ["imagenet"], layers: ["conv1", "conv3", "pool5"], imageSize: 64, hiddenSizes: [64],
            training: HeadTraining(epochs: 60, batchSize: 16, learningRate: 1e-3, patience: 15), repeats: 3, seed: 1)
        let store = FeatureNetworkLoader.store(cacheOverride: cacheFolder)
        let cache = FeatureCache(folder: URL(fileURLWithPath: cacheFolder + "/features"))
        let dataset = try ClassificationDataset(path: root)
        var extractionEvents = 0, trainedRuns = 0
        let report = try LayerSweep(dataset: dataset, options: options, store: store, cache: cache).run { event in
            switch event {
            case .extracting(_, let done, _) where done == 0: extractionEvents += 1
            case .trained: trainedRuns += 1
            default: break
            }
        }
        #expect(extractionEvents == 1 && trainedRuns == 9)
        let layers = report.sets[0].layers
        #expect(layers.map(\.layer) == ["conv1", "conv3", "pool5"])
        // At 64x64 conv1 is 64x15x15 = 14,400 numbers: pooled to 12x12 (64·144 = 9216); conv3 384x3x3 and pool5 are kept.
        #expect(layers.map(\.featureWidth) == [9216, 3456, 256] && layers.map(\.pooledTo) == [12, nil, nil])
        let conv1 = layers[0].accuracy, pool5 = layers[2].accuracy
        #expect(pool5.mean >= conv1.mean + 0.15, "pool5 \(pool5.formatted()) against conv1 \(conv1.formatted())")

        // The cache holds each layer as a single-layer extraction would key it: a second sweep reads all.
        let extractor = try FeatureExtractor(network: try EmbeddedWeights.imagenetNetwork(), layer: "pool5", imageSize: 64)
        let single = try cache.features(of: dataset.examples, names: dataset.names, origin: dataset.root,
                                        weightsChecksum: EmbeddedWeights.imagenetAlexNetSHA256, extractor: extractor)
        #expect(single.fromCache)
        var again = 0, quick = options
        quick.training = HeadTraining(epochs: 1, patience: 1)
        quick.repeats = 1
        _ = try LayerSweep(dataset: dataset, options: quick, store: store, cache: cache).run { event in
            if case .features(_, let record, let fromCache) = event, record.fromCache, fromCache == 3 { again += 1 }
        }
        #expect(again == 1)

        // The report: a table, sweep.json that reads back, and the plot.
        let out = try Fixtures.temporaryFolder()
        let written = try report.write(to: out).map { ($0 as NSString).lastPathComponent }
        #expect(written == ["report.txt", "sweep.json", "sweep.png"])
        let decoded = try JSONDecoder().decode(LayerSweepReport.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/sweep.json")))
        #expect(decoded == report)
        #expect(report.table.contains(pool5.formatted()) && report.table.contains("9216 (12x12)"))
        #expect(try Image(contentsOfFile: out + "/sweep.png").width == 800)
    }

    @Test func aLayerTheWeightsLackStopsTheSweepBeforeAnyWork() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.patternFolder(root: root, splits: [], perClass: 3, classes: ["a", "b"], seed: 1)
        let cacheFolder = try Fixtures.temporaryFolder()
        let sweep = LayerSweep(dataset: try ClassificationDataset(path: root),
                               options: .init(weightSets: ["imagenet"], layers: ["pool5", "norm1"]),
                               store: FeatureNetworkLoader.store(cacheOverride: cacheFolder),
                               cache: FeatureCache(folder: URL(fileURLWithPath: cacheFolder)))
        var events = 0
        let error = Fixtures.failure(ClassifierError.self) { _ = try sweep.run { _ in events += 1 } }
        #expect(events == 0)
        #expect(error?.description.hasPrefix("weight set imagenet has no layer norm1; it has conv1, relu1, pool1") == true,
                "\(String(describing: error))")
    }
}
