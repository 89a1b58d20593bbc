/// How `sgemm` runs one product. The one place that decides.
enum GEMMPath: Equatable {
    /// Split over the workers in blocks of C: the caller is outside the workers, and the product
    /// is large enough to repay the coordination.
    case split(workers: Int)
    /// In blocks of `DirectGEMM.columnBlock` columns: a thin, wide product where OpenBLAS has its
    /// direct (unpacked) kernels, which run such blocks faster than one wide call.
    case thinColumnBlocks
    /// One OpenBLAS call.
    case whole

    /// Below these sizes a split costs more in coordination than it gains: multiply-adds in the
    /// whole product, and rows or columns of C per worker.
    static let minimumMultiplyAdds = 1.0e6
    static let minimumBlock = 16

    @inline(__always)
    init(_ call: GEMMCall, parallel: Bool) {
        let workers = parallel && call.multiplyAdds >= Self.minimumMultiplyAdds
            ? min(Parallel.workers, max(call.m, call.n) / Self.minimumBlock) : 1
        if workers > 1 {
            self = .split(workers: workers)
        } else if !call.transB && call.alpha == 1 && call.beta == 0
                    && DirectGEMM.prefersColumnBlocks(m: call.m, n: call.n, k: call.k) {
            self = .thinColumnBlocks
        } else {
            self = .whole
        }
    }
}
