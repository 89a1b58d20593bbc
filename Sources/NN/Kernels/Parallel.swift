import Dispatch

/// Splits `0..<count` into `workers` contiguous chunks and runs them concurrently.
///
/// The partition depends only on `count` and the worker count, and each chunk writes its own
/// outputs, so results are the same bit for bit from run to run. Loops that OpenBLAS does not
/// run (im2col, LRN, pooling, activations) use this to occupy both cores.
public enum Parallel {
    /// Worker count for our own loops; follows OpenBLAS's thread count.
    nonisolated(unsafe) public static var workers: Int = max(1, BLASThreads.count)

    public static func forEachChunk(_ count: Int, minimumChunk: Int = 1,
                                    _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = min(workers, max(1, count / max(1, minimumChunk)))
        if chunks <= 1 { body(0..<count); return }
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = count * chunk / chunks
            let end = count * (chunk + 1) / chunks
            if start < end { body(start..<end) }
        }
    }
}
