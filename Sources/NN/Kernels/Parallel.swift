import Dispatch
import Foundation

/// The project's own worker threads.
///
/// OpenBLAS's pthread pool would spin against these workers (and its thread count is one global
/// that concurrent callers would race on), so it is pinned to one thread on first use and every
/// parallel loop, GEMMs included, runs here: `BatchPlan` over images, `sgemm(parallel:)` over
/// blocks of C, and `forEachChunk` for the rest.
///
/// `forEachChunk` splits `0..<count` into contiguous chunks that depend only on `count` and the
/// worker count; each chunk writes its own outputs, so results are reproducible bit for bit.
public enum Parallel {
    private static let pinOpenBLAS: Void = {
        BLASThreads.set(1)
        ProcessMemory.keepFreedBlocks()
    }()
    nonisolated(unsafe) private static var configuredWorkers = ProcessInfo.processInfo.activeProcessorCount

    /// Worker count for our loops (default: the machine's cores).
    public static var workers: Int {
        get { pinOpenBLAS; return configuredWorkers }
        set { pinOpenBLAS; configuredWorkers = max(1, newValue) }
    }

    public static func forEachChunk(_ count: Int, minimumChunk: Int = 1, _ body: (Range<Int>) -> Void) {
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
