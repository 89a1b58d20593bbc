import Foundation
import ImageFiles
import NN

/// Epochs of batches from one split: shuffled, resized on the shorter side and centre-cropped to
/// `imageSize` x `imageSize`, optionally mirrored, decoded ahead on background threads.
///
/// Deterministic whatever the thread timing: an epoch's order depends only on the seed and the
/// epoch, a flip only on the seed, the epoch and the example, and batch k of an epoch is always
/// the same examples, so a run resumed at batch k sees exactly what an uninterrupted one would.
/// Files that fail to decode are left out of their batch (which is then smaller), recorded once in
/// `report`, and not read again.
///
/// Memory stays bounded for folders of any size: only `prefetchedBatches` batches wait ready.
/// Splits whose preprocessed images fit in `cacheLimit` bytes keep them after the first decode,
/// so later epochs do not decode again.
public final class BatchLoader: @unchecked Sendable {
    public let split: DatasetSplit
    public let imageSize: Int
    public let batchSize: Int
    public let seed: UInt64
    public let shuffles: Bool
    public let flipsHorizontally: Bool
    public let dropsLastPartialBatch: Bool
    /// Background decoding threads; 0 decodes on the caller's thread inside `BatchStream.next()`.
    public let decodingThreads: Int
    public let prefetchedBatches: Int
    /// Whether preprocessed images stay in memory after their first decode.
    public let isCaching: Bool
    public let report: SkipReport
    /// The part of every batch this process decodes when ranks share the batches; nil: all of it.
    public let shard: BatchShard?

    private let isLabelled: Bool
    private let lock = NSLock()
    private var cache: [[Float]?]   // [example][3, size, size], unflipped
    private var failed: [Bool]

    /// - Parameters:
    ///   - shuffles: a new seeded order every epoch; otherwise the split's own order (evaluation).
    ///   - dropsLastPartialBatch: leave out the last batch of an epoch when it is not full.
    ///   - report: where skipped files go; share one between loaders to print them together.
    ///   - shard: decode only this part of each batch; a batch whose part cannot be read then comes
    ///     out empty rather than being skipped, so that every rank takes every step.
    public init(split: DatasetSplit, imageSize: Int, batchSize: Int, seed: UInt64 = 0, shuffles: Bool = true,
                flipsHorizontally: Bool = false, dropsLastPartialBatch: Bool = false, decodingThreads: Int = 1,
                prefetchedBatches: Int = 4, cacheLimit: Int = 1 << 30, report: SkipReport = SkipReport(),
                shard: BatchShard? = nil) throws {
        precondition(imageSize > 0 && batchSize > 0, "image size \(imageSize) and batch size \(batchSize) must be positive")
        precondition(decodingThreads >= 0 && prefetchedBatches > 0,
                     "\(decodingThreads) decoding threads and \(prefetchedBatches) prefetched batches: need >= 0 and > 0")
        guard !split.examples.isEmpty else {
            throw DatasetError.emptySplit(split: split.name.rawValue, folder: split.origin)
        }
        self.split = split
        self.imageSize = imageSize
        self.batchSize = batchSize
        self.seed = seed
        self.shuffles = shuffles
        self.flipsHorizontally = flipsHorizontally
        self.dropsLastPartialBatch = dropsLastPartialBatch
        self.decodingThreads = decodingThreads
        self.prefetchedBatches = prefetchedBatches
        let (bytes, overflow) = split.count.multipliedReportingOverflow(by: 3 * imageSize * imageSize * MemoryLayout<Float>.size)
        isCaching = !overflow && bytes <= cacheLimit
        self.report = report
        self.shard = shard
        isLabelled = split.isLabelled
        cache = isCaching ? [[Float]?](repeating: nil, count: split.count) : []
        failed = [Bool](repeating: false, count: split.count)
    }

    public var batchesPerEpoch: Int {
        dropsLastPartialBatch ? split.count / batchSize : (split.count + batchSize - 1) / batchSize
    }

    /// Example indices in the order epoch `epoch` visits them.
    public func order(epoch: Int) -> [Int] {
        var order = Array(0..<split.count)
        if shuffles {
            var generator = SeedStreams.generator(seed, SeedStreams.shuffling, UInt64(epoch))
            SeedStreams.shuffle(&order, using: &generator)
        }
        return order
    }

    public func isFlipped(example: Int, epoch: Int) -> Bool {
        flipsHorizontally && SeedStreams.key(seed, SeedStreams.flipping, UInt64(epoch), UInt64(example)) & 1 == 1
    }

    /// The batches of epoch `epoch` from batch `first` on, decoded ahead on background threads.
    public func batches(epoch: Int, startingAt first: Int = 0) -> BatchStream {
        precondition(first >= 0 && first <= batchesPerEpoch, "batch \(first) outside 0...\(batchesPerEpoch)")
        return BatchStream(loader: self, epoch: epoch, first: first)
    }

    /// Batch `index` of epoch `epoch`, decoded on the calling thread; nil when none of its files
    /// could be read.
    public func batch(_ index: Int, epoch: Int) -> Batch? {
        batch(index, epoch: epoch, order: order(epoch: epoch))
    }

    func batch(_ index: Int, epoch: Int, order: [Int]) -> Batch? {
        precondition(index >= 0 && index < batchesPerEpoch, "batch \(index) outside 0..<\(batchesPerEpoch)")
        let members = Array(order[index * batchSize..<min((index + 1) * batchSize, order.count)])
        let positions = shard?.range(ofBatchOf: members.count) ?? members.indices
        var decoded: [(example: Int, position: Int, pixels: [Float])] = []
        for position in positions {
            if let pixels = preprocessed(members[position]) { decoded.append((members[position], position, pixels)) }
        }
        guard !decoded.isEmpty || shard != nil else { return nil }

        let size = imageSize, plane = size * size
        let flipped = decoded.map { isFlipped(example: $0.example, epoch: epoch) }
        var images = Tensor(uninitializedShape: [decoded.count, 3, size, size])
        images.withUnsafeMutableBufferPointer { out in
            for (n, item) in decoded.enumerated() {
                item.pixels.withUnsafeBufferPointer { src in
                    let target = out.baseAddress! + n * 3 * plane
                    if !flipped[n] {
                        target.update(from: src.baseAddress!, count: 3 * plane)
                        return
                    }
                    for row in 0..<3 * size {
                        for x in 0..<size { target[row * size + x] = src[row * size + size - 1 - x] }
                    }
                }
            }
        }
        let indices = decoded.map(\.example)
        let labels = isLabelled ? indices.map { split.examples[$0].label! } : nil
        return Batch(epoch: epoch, index: index, images: images, labels: labels, exampleIndices: indices, flipped: flipped,
                     plannedCount: members.count, plannedPositions: decoded.map(\.position))
    }

    /// Example `index` resized and centre-cropped, `[3, size, size]`; nil (and reported) when it
    /// cannot be decoded.
    private func preprocessed(_ index: Int) -> [Float]? {
        let (hasFailed, cached) = lock.withLock { (failed[index], isCaching ? cache[index] : nil) }
        if hasFailed { return nil }
        if let cached { return cached }
        let example = split.examples[index]
        do {
            let pixels = try example.loadImage().resizedAndCropped(toSquare: imageSize).pixels
            if isCaching { lock.withLock { cache[index] = pixels } }
            return pixels
        } catch {
            report.record(SkippedFile(file: example.name, error: error))
            lock.withLock { failed[index] = true }
            return nil
        }
    }
}
