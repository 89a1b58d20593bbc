import NN

/// The physical limit: OpenBLAS sgemm on square matrices (W3), its operands made once so that
/// it can be measured again beside each layer.
final class SGEMMCeiling {
    let size: Int
    private let a: Tensor, b: Tensor
    private var c: Tensor

    init(size: Int = 2048) {
        self.size = size
        var generator = SeededGenerator(seed: 3)
        a = Tensor.uniform(shape: [size, size], using: &generator)
        b = Tensor.uniform(shape: [size, size], using: &generator)
        c = Tensor(zeros: [size, size])
    }

    /// OpenBLAS's own multithreaded sgemm (W3's definition of the ceiling), or with
    /// `openBLASThreads: false` the project's way: OpenBLAS single-threaded, C split over our workers.
    /// `warmUp` untimed runs come first (none where the sgemm must follow a layer directly).
    func gflops(repetitions: Int, warmUp: Int = 1, openBLASThreads: Bool = true) -> Double {
        let n = size
        let workers = Parallel.workers   // also pins OpenBLAS to one thread, restored below
        if openBLASThreads { BLASThreads.set(workers) }
        defer { BLASThreads.set(1) }
        let seconds = a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    Stopwatch.median(warmUp: warmUp, repetitions: repetitions) {
                        sgemm(m: n, n: n, k: n, a: ap.baseAddress!, b: bp.baseAddress!, c: cp.baseAddress!,
                              parallel: !openBLASThreads)
                    }
                }
            }
        }
        return 2 * Double(n * n * n) / seconds / 1e9
    }
}
