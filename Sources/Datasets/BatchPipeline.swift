import Foundation

/// The ordered hand-over between decoding threads and the consumer.
final class BatchPipeline: @unchecked Sendable {
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
