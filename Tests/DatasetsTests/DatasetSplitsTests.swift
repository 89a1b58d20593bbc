import Datasets
import Foundation
import Testing

@Suite struct DatasetSplitsTests {
    /// A flat folder of empty files (listing and splitting decode nothing): 50 cat, 30 dog, 20 owl.
    static func flatFolder() throws -> String {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.emptyFiles((0..<50).map { "cat/\($0).png" } + (0..<30).map { "dog/\($0).jpg" }
                                + (0..<20).map { "owl/\($0).png" }, in: root)
        return root
    }

    static func names(_ split: DatasetSplit) -> [String] { split.examples.map(\.name) }

    @Test func folderSplitsAreUsedAsTheyAre() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.emptyFiles(["train/cat/1.png", "train/dog/2.png", "train/dog/3.png", "validation/cat/4.png",
                                 "test/dog/5.png", "test/cat/6.png"], in: root)
        let splits = try DatasetSplits(source: DataSource(path: root), seed: 1)
        #expect(splits.carved.isEmpty)
        #expect(splits.train.examples.map(\.label) == [0, 1, 1])
        #expect(Self.names(splits.validation) == [root + "/validation/cat/4.png"])
        #expect(Self.names(splits.test) == [root + "/test/cat/6.png", root + "/test/dog/5.png"])
        #expect(splits.test.origin == root + "/test" && splits.test.classNames == ["cat", "dog"])
        #expect(splits[.validation].count == 1 && splits.train.isLabelled)
    }

    @Test func missingValidationIsCarvedFromTrain() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.emptyFiles((0..<18).map { "train/cat/\($0).png" } + (0..<9).map { "train/dog/\($0).png" }
                                + ["test/cat/t.png"], in: root)
        let splits = try DatasetSplits(source: DataSource(path: root), seed: 5)
        #expect(splits.carved == [.validation])
        // Validation takes 0.1 / (0.8 + 0.1) of the 27 training images: 3, keeping 2 : 1.
        #expect(splits.validation.count == 3 && splits.train.count == 24)
        #expect(splits.validation.classCounts == [2, 1])
        #expect(splits.validation.origin == root + "/train")
        #expect(Set(Self.names(splits.train)).isDisjoint(with: Self.names(splits.validation)))
        #expect(Self.names(splits.test) == [root + "/test/cat/t.png"])
    }

    @Test func stratifiedProportionsAndReproducibility() throws {
        let source = try DataSource(path: Self.flatFolder())
        let splits = try DatasetSplits(source: source, fractions: .standard, seed: 42)
        #expect(splits.carved == [.train, .validation, .test])
        #expect((splits.train.count, splits.validation.count, splits.test.count) == (80, 10, 10))
        // Each class keeps its share in every split (within the two a class run may be off).
        for (split, share) in [(splits.train, 0.8), (splits.validation, 0.1), (splits.test, 0.1)] {
            for (count, total) in zip(split.classCounts, [50, 30, 20]) {
                #expect(abs(Double(count) - share * Double(total)) < 2, "\(split.name): \(split.classCounts)")
            }
        }
        // Together the splits are the whole source, each example once, in source order.
        let all = Self.names(splits.train) + Self.names(splits.validation) + Self.names(splits.test)
        #expect(all.sorted() == source.allExamples.map(\.name).sorted())
        let position = Dictionary(uniqueKeysWithValues: source.unsplit.enumerated().map { ($1.name, $0) })
        let testPositions = splits.test.examples.map { position[$0.name]! }
        #expect(testPositions == testPositions.sorted())

        let again = try DatasetSplits(source: source, seed: 42)
        #expect(Self.names(again.test) == Self.names(splits.test) && Self.names(again.train) == Self.names(splits.train))
        let other = try DatasetSplits(source: source, seed: 43)
        #expect(Self.names(other.test) != Self.names(splits.test))

        let uneven = try DatasetSplits(source: source, fractions: SplitFractions(train: 0.5, validation: 0.25, test: 0.25), seed: 1)
        #expect((uneven.train.count, uneven.validation.count, uneven.test.count) == (50, 25, 25))
        #expect(uneven.test.classCounts.map { $0 * 4 }.enumerated().allSatisfy { abs($1 - [50, 30, 20][$0]) < 8 })
    }

    @Test func idxOfficialTestKeptAndValidationCarved() throws {
        let folder = try Fixtures.temporaryFolder()
        Fixtures.idxPair(prefix: "train", labels: (0..<18).map { UInt8($0 % 3) }, size: 2, in: folder, gzip: true)
        Fixtures.idxPair(prefix: "t10k", labels: [0, 1, 2, 0], size: 2, in: folder, gzip: true)
        let splits = try DatasetSplits(source: DataSource(path: folder), seed: 9)
        #expect(splits.carved == [.validation])
        #expect(splits.test.examples.map(\.label) == [0, 1, 2, 0])
        // 18 * 0.1 / 0.9 = 2 validation images, from two different classes.
        #expect(splits.validation.count == 2 && splits.train.count == 16)
        #expect(splits.validation.classCounts.filter { $0 == 1 }.count == 2)
    }

    @Test func limitTakesASeededStratifiedSubset() throws {
        let source = try DataSource(path: Self.flatFolder())
        let full = try DatasetSplits(source: source, seed: 7)
        let limited = try DatasetSplits(source: source, seed: 7, limit: 10)
        #expect((limited.train.count, limited.validation.count, limited.test.count) == (10, 10, 10))
        // Subsets of the same splits (only training is larger than the limit), classes kept in proportion.
        #expect(Set(Self.names(limited.train)).isSubset(of: Self.names(full.train)))
        #expect(Self.names(limited.test) == Self.names(full.test))
        #expect(zip(limited.train.classCounts, full.train.classCounts).allSatisfy { abs(Double($0) - Double($1) / 8) < 2 })
        #expect(Self.names(try DatasetSplits(source: source, seed: 7, limit: 10).train) == Self.names(limited.train))
    }

    @Test func testClassMissingFromTrainingIsAnError() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.emptyFiles(["train/cat/1.png", "train/dog/2.png", "test/dog/3.png", "test/bird/4.png"], in: root)
        let error = Fixtures.failure(DatasetError.self) { _ = try DatasetSplits(source: DataSource(path: root), seed: 1) }
        #expect(error == .classMissingFromTraining(className: "bird", split: "test", folder: root + "/test"))
        #expect(error?.description == "\(root)/test: the test split has class 'bird', which the training split has no image of")
    }
}
