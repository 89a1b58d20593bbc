import Datasets
import Foundation
import ImageFiles
import NN
import Testing

@Suite struct BatchLoaderTests {
    /// Seven readable images (PNG and JPEG, 12x9 and 9x12) in two classes, a truncated JPEG, a text
    /// file named like a JPEG, and a text file. Sorted, the examples are:
    /// 0 cat/a.png, 1 cat/b.jpg, 2 cat/broken.jpg, 3 cat/c.png, 4 dog/d.jpg, 5 dog/e.png, 6 dog/f.jpg,
    /// 7 dog/fake.jpg, 8 dog/g.png.
    static func folder() throws -> (source: DataSource, split: DatasetSplit) {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.pictures(["cat/a.png", "cat/b.jpg", "cat/c.png", "dog/d.jpg", "dog/e.png", "dog/f.jpg", "dog/g.png"], in: root)
        try Fixtures.truncatedJPEG(to: "cat/broken.jpg", in: root)
        try Fixtures.write(Data("not a picture".utf8), to: "dog/fake.jpg", in: root)
        try Fixtures.write(Data("notes".utf8), to: "dog/notes.txt", in: root)
        let source = try DataSource(path: root)
        return (source, DatasetSplit(name: .train, origin: root, examples: source.unsplit, classNames: source.classNames))
    }

    static func epoch(_ loader: BatchLoader, _ epoch: Int, from first: Int = 0) throws -> [Batch] {
        let stream = loader.batches(epoch: epoch, startingAt: first)
        var batches: [Batch] = []
        while let batch = try stream.next() { batches.append(batch) }
        return batches
    }

    /// Everything a batch carries, for comparing runs.
    struct Signature: Equatable {
        let epoch: Int, index: Int, examples: [Int], flipped: [Bool], labels: [Int]?, images: Tensor
        init(_ batch: Batch) {
            (epoch, index, examples, flipped) = (batch.epoch, batch.index, batch.exampleIndices, batch.flipped)
            (labels, images) = (batch.labels, batch.images)
        }
    }

    @Test func batchesHoldResizedCroppedImagesWithLabels() throws {
        let (_, split) = try Self.folder()
        let loader = try BatchLoader(split: split, imageSize: 8, batchSize: 3, shuffles: false, decodingThreads: 0)
        #expect(loader.batchesPerEpoch == 3)
        let batches = try Self.epoch(loader, 0)
        // Examples 2 (truncated) and 7 (text) drop out of their batches.
        #expect(batches.map(\.exampleIndices) == [[0, 1], [3, 4, 5], [6, 8]])
        #expect(batches.map(\.index) == [0, 1, 2])
        #expect(batches.map(\.images.shape) == [[2, 3, 8, 8], [3, 3, 8, 8], [2, 3, 8, 8]])
        #expect(batches.map(\.labels) == [[0, 0], [0, 1, 1], [1, 1]])
        #expect(batches.allSatisfy { $0.flipped.allSatisfy { !$0 } })
        for batch in batches {
            for (n, example) in batch.exampleIndices.enumerated() {
                let expected = try Image(contentsOfFile: split.examples[example].name).resizedAndCropped(toSquare: 8)
                #expect(batch.images.slice(n).scalars == expected.pixels, "example \(example)")
            }
        }
        #expect(batches.allSatisfy { $0.images.scalars.allSatisfy { (0...1).contains($0) } })
    }

    @Test func sameSeedSameBatchesWhateverTheThreads() throws {
        let (_, split) = try Self.folder()
        func run(threads: Int, prefetch: Int, seed: UInt64, cacheLimit: Int) throws -> [[Signature]] {
            let loader = try BatchLoader(split: split, imageSize: 6, batchSize: 2, seed: seed, flipsHorizontally: true,
                                         decodingThreads: threads, prefetchedBatches: prefetch, cacheLimit: cacheLimit)
            return try (0..<3).map { try Self.epoch(loader, $0).map(Signature.init) }
        }
        let reference = try run(threads: 0, prefetch: 1, seed: 11, cacheLimit: 0)
        for (threads, prefetch, cacheLimit) in [(1, 1, 0), (1, 4, 1 << 20), (2, 1, 1 << 20), (2, 3, 0)] {
            #expect(try run(threads: threads, prefetch: prefetch, seed: 11, cacheLimit: cacheLimit) == reference,
                    "\(threads) threads, \(prefetch) prefetched, cache limit \(cacheLimit)")
        }
        // Each epoch is a new order of all readable examples; another seed gives other orders.
        let orders = reference.map { $0.flatMap(\.examples) }
        #expect(orders.allSatisfy { $0.sorted() == [0, 1, 3, 4, 5, 6, 8] })
        #expect(orders[0] != orders[1] && orders[1] != orders[2])
        #expect(try run(threads: 1, prefetch: 2, seed: 12, cacheLimit: 0).map { $0.flatMap(\.examples) } != orders)
    }

    @Test func resumingAtBatchKGivesTheSameBatches() throws {
        let (_, split) = try Self.folder()
        let loader = try BatchLoader(split: split, imageSize: 6, batchSize: 2, seed: 3, flipsHorizontally: true)
        let whole = try Self.epoch(loader, 4).map(Signature.init)
        for first in [1, 3] {
            // A fresh loader, as after a restart.
            let restarted = try BatchLoader(split: split, imageSize: 6, batchSize: 2, seed: 3, flipsHorizontally: true)
            let rest = try Self.epoch(restarted, 4, from: first).map(Signature.init)
            #expect(rest == whole.filter { $0.index >= first })
            #expect(rest.first.map { $0.images == restarted.batch($0.index, epoch: 4)?.images } == true)
        }
        #expect(try Self.epoch(loader, 4, from: loader.batchesPerEpoch).isEmpty)
    }

    @Test func flipsAreSeededPerExampleAndEpoch() throws {
        let (_, split) = try Self.folder()
        let plain = try BatchLoader(split: split, imageSize: 6, batchSize: 9, shuffles: false, decodingThreads: 0)
        let unflipped = try #require(plain.batch(0, epoch: 0))
        var flips: [Bool] = []
        for epoch in 0..<3 {
            let loader = try BatchLoader(split: split, imageSize: 6, batchSize: 9, seed: 5, shuffles: false,
                                         flipsHorizontally: true, decodingThreads: 0)
            let batch = try #require(loader.batch(0, epoch: epoch))
            #expect(batch.flipped == batch.exampleIndices.map { loader.isFlipped(example: $0, epoch: epoch) })
            for n in 0..<batch.count {
                let original = Image(unflipped.images.slice(n))
                let expected = batch.flipped[n] ? original.flippedHorizontally() : original
                #expect(batch.images.slice(n).scalars == expected.pixels)
            }
            flips += batch.flipped
        }
        // Over 3 epochs of 7 images both outcomes occur (a fixed seed: this is not luck each run),
        // and another seed flips others.
        #expect(flips.contains(true) && flips.contains(false))
        let otherSeed = try BatchLoader(split: split, imageSize: 6, batchSize: 9, seed: 6, flipsHorizontally: true)
        #expect((0..<3).flatMap { epoch in [0, 1, 3, 4, 5, 6, 8].map { otherSeed.isFlipped(example: $0, epoch: epoch) } } != flips)
        #expect(!(0..<9).contains { plain.isFlipped(example: $0, epoch: 2) })
    }

    @Test func unreadableFilesAreSkippedCountedAndReportedOnce() throws {
        let (source, split) = try Self.folder()
        let report = SkipReport(source.skippedFiles)
        #expect(report.takeNew().map(\.file) == [source.path + "/dog/notes.txt"])
        let loader = try BatchLoader(split: split, imageSize: 4, batchSize: 4, seed: 1, decodingThreads: 2, report: report)
        for epoch in 0..<2 {
            #expect(try Self.epoch(loader, epoch).map(\.count).reduce(0, +) == 7)
        }
        let skipped = report.takeNew().sorted { $0.file < $1.file }
        #expect(skipped.map(\.file) == [split.examples[2].name, split.examples[7].name])
        #expect(skipped[0].reason.hasPrefix("corrupt or truncated JPEG"), "\(skipped[0])")
        #expect(skipped[1].reason == "not a PNG or JPEG image (starts with 6e 6f 74 20 61 20 70 69)")
        #expect(report.count == 3 && report.takeNew().isEmpty)
    }

    @Test func splitWithNoReadableImageIsAnError() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.write(Data("text".utf8), to: "a.jpg", in: root)
        try Fixtures.truncatedJPEG(to: "b.jpg", in: root)
        let source = try DataSource(path: root)
        let split = DatasetSplit(name: .validation, origin: root, examples: source.unsplit, classNames: [])
        let loader = try BatchLoader(split: split, imageSize: 4, batchSize: 1)
        let error = Fixtures.failure(DatasetError.self) { _ = try Self.epoch(loader, 0) }
        #expect(error == .noReadableImages(split: "validation", folder: root, skipped: 2))
        #expect(error?.description == "\(root): none of the 2 images of the validation split could be read")
        // A resumed epoch that only has unreadable batches left simply ends.
        #expect(try Self.epoch(loader, 0, from: 1).isEmpty)

        let empty = DatasetSplit(name: .test, origin: root, examples: [], classNames: [])
        #expect(Fixtures.failure(DatasetError.self) { _ = try BatchLoader(split: empty, imageSize: 4, batchSize: 1) }
                == .emptySplit(split: "test", folder: root))
    }

    @Test func idxImagesBecomeRGBAtTheRequestedSize() throws {
        let folder = try Fixtures.temporaryFolder()
        Fixtures.idxPair(prefix: "train", labels: [4, 2, 7], size: 4, in: folder, gzip: false)
        let splits = try DatasetSplits(source: DataSource(path: folder), fractions: SplitFractions(train: 1, validation: 0, test: 0), seed: 0)
        #expect(splits.validation.count == 0 && splits.test.count == 0)
        let loader = try BatchLoader(split: splits.train, imageSize: 8, batchSize: 3, shuffles: false)
        #expect(loader.isCaching)
        let batch = try #require(try Self.epoch(loader, 0).first)
        #expect(batch.images.shape == [3, 3, 8, 8] && batch.labels == [4, 2, 7])
        let pixels = batch.images.scalars, plane = 64
        for n in 0..<3 {
            let red = Array(pixels[(n * 3) * plane..<(n * 3 + 1) * plane])
            #expect(Array(pixels[(n * 3 + 1) * plane..<(n * 3 + 2) * plane]) == red)
            #expect(Array(pixels[(n * 3 + 2) * plane..<(n * 3 + 3) * plane]) == red)
        }
        // Image 1 upsampled 2x: its top-left pixel is the source's first value, (7 + 0) / 255.
        #expect(abs(pixels[3 * plane] - 7 / 255) < 1e-6)
    }

    @Test func partialLastBatchAndAbandonedStreams() throws {
        let (_, split) = try Self.folder()
        let dropping = try BatchLoader(split: split, imageSize: 4, batchSize: 4, dropsLastPartialBatch: true)
        #expect(dropping.batchesPerEpoch == 2)
        #expect(try Self.epoch(dropping, 0).map(\.index) == [0, 1])
        // A stream dropped after one batch stops its threads; the next stream starts afresh.
        let loader = try BatchLoader(split: split, imageSize: 4, batchSize: 1, decodingThreads: 2, prefetchedBatches: 1)
        do {
            let stream = loader.batches(epoch: 0)
            #expect(try stream.next()?.index == 0)
        }
        #expect(try Self.epoch(loader, 0).count == 7)
    }
}
