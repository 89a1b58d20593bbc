import BLASBridge

/// C = alpha · op(A) · op(B) + beta · C, row-major, through OpenBLAS's `cblas_sgemm`.
///
/// `m, n, k` are the dimensions of op(A) [m, k], op(B) [k, n] and C [m, n]; leading dimensions
/// default to the dense row-major ones, so call sites read as "M, N, K". OpenBLAS itself always
/// runs single-threaded (see `Parallel`): `parallel: true` splits a large product into column (or
/// row) blocks of C, one per worker, for callers that are not already inside a worker. How each
/// product runs is decided in `GEMMPath.init`.
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
    let call = GEMMCall(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, beta: beta,
                        lda: lda ?? (transA ? m : k), ldb: ldb ?? (transB ? k : n), ldc: ldc ?? n)
    switch GEMMPath(call, parallel: parallel) {
    case .split(let workers):
        sgemmInBlocks(call, workers: workers, a: a, b: b, c: c)
    case .thinColumnBlocks:
        GEMMRecorder.note(call)
        DirectGEMM.inColumnBlocks(call, a: a, b: b, c: c)
    case .whole:
        GEMMRecorder.note(call)
        blas_bridge_sgemm(call.transA, call.transB, Int32(call.m), Int32(call.n), Int32(call.k), call.alpha,
                          a, Int32(call.lda), b, Int32(call.ldb), call.beta, c, Int32(call.ldc))
    }
}

/// C in `workers` blocks run concurrently, each its own single-threaded `sgemm`: blocks of columns
/// (the same columns of op(B)), or of rows (the same rows of op(A)) when C is taller than wide.
private func sgemmInBlocks(_ call: GEMMCall, workers: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                           c: UnsafeMutablePointer<Float>) {
    let (m, n, lda, ldb, ldc) = (call.m, call.n, call.lda, call.ldb, call.ldc)
    Parallel.forEachChunk(workers) { range in
        for w in range {
            if n >= m {
                let n0 = n * w / workers, n1 = n * (w + 1) / workers
                sgemm(transA: call.transA, transB: call.transB, m: m, n: n1 - n0, k: call.k, alpha: call.alpha,
                      a: a, lda: lda, b: b + (call.transB ? n0 * ldb : n0), ldb: ldb,
                      beta: call.beta, c: c + n0, ldc: ldc)
            } else {
                let m0 = m * w / workers, m1 = m * (w + 1) / workers
                sgemm(transA: call.transA, transB: call.transB, m: m1 - m0, n: n, k: call.k, alpha: call.alpha,
                      a: a + (call.transA ? m0 : m0 * lda), lda: lda, b: b, ldb: ldb,
                      beta: call.beta, c: c + m0 * ldc, ldc: ldc)
            }
        }
    }
}
