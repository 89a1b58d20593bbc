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
    private let pipeline: Pipeline?

    init(loader: BatchLoader, epoch: Int, first: Int) {
        self.loader = loader
        self.epoch = epoch
        self.first = first
        position = first
        order = loader.order(epoch: epoch)
        pipeline = loader.decodingThreads == 0 ? nil
            : Pipeline(loader: loader, epoch: epoch, order: order, first: first)
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

/// The ordered hand-over between decoding threads and the consumer.
private final class Pipeline: @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [Int: Batch?] = [:]   // guarded by condition
    private var nextToTake: Int
    private var cancelled = false

    init(loader: BatchLoader, epoch: Int, order: [Int], first: Int) {
        nextToTake = first
        let end = loader.batchesPerEpoch, threads = loader.decodingThreads, capacity = loader.prefetchedBatches
        for worker in 0..<threads {
            let thread = Thread { [self] in
                var index = first + worker
                while index < end {
                    condition.lock()
                    while !cancelled && index - nextToTake >= capacity { condition.wait() }
                    let stop = cancelled
                    condition.unlock()
                    if stop { return }
                    let batch = loader.batch(index, epoch: epoch, order: order)
                    condition.lock()
                    ready[index] = .some(batch)
                    condition.broadcast()
                    condition.unlock()
                    index += threads
                }
            }
            thread.name = "BatchLoader decoder \(worker)"
            thread.start()
        }
    }

    /// Waits for batch `index` (the next in order) and makes room for the threads to decode on.
    func take(_ index: Int) -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while ready[index] == nil { condition.wait() }
        let batch = ready.removeValue(forKey: index)!
        nextToTake = index + 1
        condition.broadcast()
        return batch
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
