import BLASBridge

/// C = alpha · op(A) · op(B) + beta · C, row-major, through OpenBLAS's `cblas_sgemm`.
///
/// `m, n, k` are the dimensions of op(A) [m, k], op(B) [k, n] and C [m, n]; leading dimensions
/// default to the dense row-major ones, so call sites read as "M, N, K". OpenBLAS itself always
/// runs single-threaded (see `Parallel`): `parallel: true` splits a large product into column (or
/// row) blocks of C, one per worker, for callers that are not already inside a worker.
@inline(__always)
public func sgemm(
    transA: Bool = false, transB: Bool = false,
    m: Int, n: Int, k: Int,
    alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int? = nil,
    b: UnsafePointer<Float>, ldb: Int? = nil,
    beta: Float = 0,
    c: UnsafeMutablePointer<Float>, ldc: Int? = nil,
    parallel: Bool = false
) {
    guard m > 0, n > 0 else { return }
    OpenBLAS.ensureLoaded()
    let lda = lda ?? (transA ? m : k)
    let ldb = ldb ?? (transB ? k : n)
    let ldc = ldc ?? n
    let workers = parallel && Double(m) * Double(n) * Double(k) >= GEMMSplit.minimumMultiplyAdds
        ? min(Parallel.workers, max(m, n) / GEMMSplit.minimumBlock) : 1
    if workers <= 1 {
        GEMMTrace.note(.init(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, beta: beta,
                             lda: lda, ldb: ldb, ldc: ldc))
        if !transB && alpha == 1 && beta == 0 && DirectGEMM.prefersColumnBlocks(m: m, n: n, k: k) {
            DirectGEMM.inColumnBlocks(transA: transA, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc)
            return
        }
        blas_bridge_sgemm(transA, transB, Int32(m), Int32(n), Int32(k), alpha,
                          a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        return
    }
    Parallel.forEachChunk(workers) { range in
        for w in range {
            if n >= m {   // columns n0..<n1 of C: the same columns of op(B)
                let n0 = n * w / workers, n1 = n * (w + 1) / workers
                sgemm(transA: transA, transB: transB, m: m, n: n1 - n0, k: k, alpha: alpha,
                      a: a, lda: lda, b: b + (transB ? n0 * ldb : n0), ldb: ldb,
                      beta: beta, c: c + n0, ldc: ldc)
            } else {      // rows m0..<m1 of C: the same rows of op(A)
                let m0 = m * w / workers, m1 = m * (w + 1) / workers
                sgemm(transA: transA, transB: transB, m: m1 - m0, n: n, k: k, alpha: alpha,
                      a: a + (transA ? m0 : m0 * lda), lda: lda, b: b, ldb: ldb,
                      beta: beta, c: c + m0 * ldc, ldc: ldc)
            }
        }
    }
}

/// Below these sizes a split GEMM costs more in coordination than it gains.
public enum GEMMSplit {
    public static let minimumMultiplyAdds = 1.0e6
    public static let minimumBlock = 16
}

/// OpenBLAS's "direct" sgemm for AVX-512 cores (its Skylake-X, Cooper Lake and Sapphire Rapids
/// kernels) multiplies without packing, for row-major products without transposes, alpha 1 and
/// beta 0. On thin products (m·k small, as in a first convolution with 3 input channels) it ran
/// 1.6x faster in calls of at most 512 columns than in one call over 1024 (m 32, k 48: 105 against
/// 59 GFLOP/s on one core here), so such products go in blocks of 512 columns; a transposed A
/// (at most 4096 scalars) is transposed first.
public enum DirectGEMM {
    public static let columnBlock = 512
    /// m·k up to which a product counts as thin.
    public static let thinArea = 4096

    /// True when OpenBLAS runs AVX-512 kernels (where the direct path exists).
    public static let available: Bool = {
        guard let core = try? OpenBLAS.load().choice.core else { return false }
        return OpenBLASCore.tier(of: core).map { $0 >= .avx512 } ?? false
    }()

    @inline(__always)
    static func prefersColumnBlocks(m: Int, n: Int, k: Int) -> Bool {
        n > columnBlock && m * k <= thinArea && available
    }

    /// C = op(A) · B in blocks of `columnBlock` columns, op(A) given as A or Aᵀ.
    static func inColumnBlocks(transA: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                               b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
        func blocks(_ a: UnsafePointer<Float>, _ lda: Int) {
            for n0 in Swift.stride(from: 0, to: n, by: columnBlock) {
                blas_bridge_sgemm(false, false, Int32(m), Int32(min(columnBlock, n - n0)),
                                  Int32(k), 1, a, Int32(lda), b + n0, Int32(ldb), 0, c + n0, Int32(ldc))
            }
        }
        guard transA else { return blocks(a, lda) }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: m * k) { buffer in
            let at = buffer.baseAddress!                 // op(A) = Aᵀ, [m, k]
            for i in 0..<m { for p in 0..<k { at[i * k + p] = a[p * lda + i] } }
            blocks(at, k)
        }
    }
}

/// OpenBLAS's own thread pool. The project keeps it at one thread (`Parallel` sets this on first
/// use) and parallelises itself; the benchmark raises it only to measure OpenBLAS's own ceiling.
public enum BLASThreads {
    public static var count: Int { OpenBLAS.ensureLoaded(); return Int(blas_bridge_threads()) }
    public static func set(_ n: Int) { OpenBLAS.ensureLoaded(); blas_bridge_set_threads(Int32(n)) }
}
