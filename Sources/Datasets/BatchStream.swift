import Foundation

/// The batches of one epoch, in order, from a starting batch on.
///
/// Background threads (the loader's `decodingThreads`) decode ahead: thread t makes batches
/// first + t, first + t + threads, ..., and waits while `prefetchedBatches` finished batches are
/// not yet taken. `next()` hands them out strictly in order, so timing never changes what comes
/// out. Dropping the stream stops its threads after the batch they are decoding.
public final class BatchStream {
    public let epoch: Int
    private let loader: BatchLoader
    private let order: [Int]
    private let first: Int
    private var position: Int
    private var yielded = 0
    private let pipeline: BatchPipeline?

    init(loader: BatchLoader, epoch: Int, first: Int) {
        self.loader = loader
        self.epoch = epoch
        self.first = first
        position = first
        order = loader.order(epoch: epoch)
        pipeline = loader.decodingThreads == 0 ? nil
            : BatchPipeline(loader: loader, epoch: epoch, order: order, first: first)
    }

    deinit { pipeline?.cancel() }

    /// The next batch with at least one readable image, or nil at the end of the epoch.
    /// Throws when a whole epoch had no readable image at all.
    public func next() throws -> Batch? {
        while position < loader.batchesPerEpoch {
            let index = position
            position += 1
            let batch = pipeline.map { $0.take(index) } ?? loader.batch(index, epoch: epoch, order: order)
            if let batch {
                yielded += 1
                return batch
            }
        }
        if first == 0 && yielded == 0 && loader.batchesPerEpoch > 0 {
            throw DatasetError.noReadableImages(split: loader.split.name.rawValue, folder: loader.split.origin,
                                                skipped: loader.split.count)
        }
        return nil
    }
}
