import Classifier
import FeatureNetworks
import Foundation
import ImageFiles
import NN
import Testing

@Suite struct FeatureCacheTests {
    /// A flat folder of two classes of three pictures, plus a file that is not an image.
    static func dataset() throws -> ClassificationDataset {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.patternFolder(root: root, splits: [], perClass: 3, classes: ["dots", "vertical"], seed: 3)
        try Data("not a picture".utf8).write(to: URL(fileURLWithPath: root + "/dots/broken.png"))
        return try ClassificationDataset(path: root)
    }

    @Test func aRerunReadsTheCacheAndAChangedImageExtractsAgain() throws {
        let dataset = try Self.dataset()
        #expect(dataset.names == ["dots/0.png", "dots/1.png", "dots/2.png", "dots/broken.png",
                                  "vertical/0.png", "vertical/1.png", "vertical/2.png"])
        let cache = FeatureCache(folder: URL(fileURLWithPath: try Fixtures.temporaryFolder() + "/features"))
        let extractor = try FeatureExtractor(network: EmbeddedWeights.imagenetNetwork(), layer: "pool5", imageSize: 64,
                                             batchSize: 4)
        var extracted = 0, calls = 0
        func features() throws -> (features: DatasetFeatures, fromCache: Bool, file: URL) {
            try cache.features(of: dataset.examples, names: dataset.names, origin: dataset.root, weightsChecksum: "test",
                               extractor: extractor) { done, _ in extracted = done; calls += 1 }
        }

        let first = try features()
        #expect(!first.fromCache && extracted == 7 && calls == 3 && FileManager.default.fileExists(atPath: first.file.path))
        #expect(first.features.features.shape == [7, 256])
        #expect(first.features.readable == [true, true, true, false, true, true, true])
        #expect(first.features.skipped.map(\.file) == [dataset.root + "/dots/broken.png"])

        (extracted, calls) = (0, 0)
        let second = try features()
        #expect(second.fromCache && calls == 0 && second.file == first.file)
        #expect(second.features.features == first.features.features && second.features.readable == first.features.readable)
        #expect(second.features.skipped == first.features.skipped)

        // Another picture in the same file: the stamp changes, so does the key, and all is extracted anew.
        var generator = SeededGenerator(seed: 99)
        try Fixtures.pattern("dots", using: &generator).writePNG(to: dataset.root + "/dots/1.png")
        let third = try features()
        #expect(!third.fromCache && extracted == 7 && third.file != first.file)
        #expect(third.features.features.slice(1) != first.features.features.slice(1))
        #expect(third.features.features.slice(4) == first.features.features.slice(4))
    }

    @Test func theKeyCoversWeightsLayerSizePreprocessingAndEveryFile() {
        let stamps = [ExampleStamp(name: "a/1.png", size: 10, modified: 5), ExampleStamp(name: "b/2.png", size: 20, modified: 6)]
        func key(_ checksum: String = "w", _ layer: String = "pool5", _ size: Int = 224, _ preprocessing: String = "p",
                 stamps: [ExampleStamp] = stamps) -> String {
            FeatureCacheKey(weightsChecksum: checksum, layer: layer, imageSize: size, preprocessing: preprocessing,
                            stamps: stamps).hex
        }
        let base = key()
        #expect(base.count == 64 && key() == base && key(stamps: stamps.reversed()) == base)
        let touched = [stamps[0], ExampleStamp(name: "b/2.png", size: 20, modified: 7)]
        let resized = [stamps[0], ExampleStamp(name: "b/2.png", size: 21, modified: 6)]
        let variants = [key("v"), key("w", "fc6"), key("w", "pool5", 227), key("w", "pool5", 224, "q"),
                        key(stamps: touched), key(stamps: resized), key(stamps: [stamps[0]])]
        #expect(Set(variants + [base]).count == variants.count + 1)
    }

    @Test func aDamagedEntryIsAMissAndIsReplaced() throws {
        let dataset = try Self.dataset()
        let cache = FeatureCache(folder: URL(fileURLWithPath: try Fixtures.temporaryFolder()))
        let extractor = try FeatureExtractor(network: EmbeddedWeights.imagenetNetwork(), layer: "pool1", imageSize: 64)
        let first = try cache.features(of: dataset.examples, names: dataset.names, origin: dataset.root,
                                       weightsChecksum: "test", extractor: extractor)
        try Data("truncated".utf8).write(to: first.file)
        let second = try cache.features(of: dataset.examples, names: dataset.names, origin: dataset.root,
                                        weightsChecksum: "test", extractor: extractor)
        #expect(!second.fromCache && second.features.features == first.features.features)
        let third = try cache.features(of: dataset.examples, names: dataset.names, origin: dataset.root,
                                       weightsChecksum: "test", extractor: extractor)
        #expect(third.fromCache)
    }
}
