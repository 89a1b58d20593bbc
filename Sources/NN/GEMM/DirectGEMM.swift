import BLASBridge

/// OpenBLAS's "direct" sgemm for AVX-512 cores (its Skylake-X, Cooper Lake and Sapphire Rapids
/// kernels) multiplies without packing, for row-major products without transposes, alpha 1 and
/// beta 0. On a thin product (m · k small, as in a first convolution over 3 channels) it runs
/// calls of a few hundred columns much faster than one wide call, whose B no longer stays in L2:
/// such products go in blocks of `columnBlock` columns, a transposed A (small, since the
/// product is thin) transposed first. docs/PERFORMANCE.md has the measurement.
enum DirectGEMM {
    static let columnBlock = 512
    /// m · k up to which a product counts as thin.
    static let thinArea = 4096

    /// True when OpenBLAS runs AVX-512 kernels (where the direct path exists).
    static let available: Bool = {
        guard let core = try? OpenBLAS.load().choice.core else { return false }
        return OpenBLASCore.tier(of: core).map { $0 >= .avx512 } ?? false
    }()

    @inline(__always)
    static func prefersColumnBlocks(m: Int, n: Int, k: Int) -> Bool {
        n > columnBlock && m * k <= thinArea && available
    }

    /// C = op(A) · B in blocks of `columnBlock` columns, op(A) given as A or Aᵀ.
    static func inColumnBlocks(_ call: GEMMCall, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                               c: UnsafeMutablePointer<Float>) {
        let (m, n, k) = (call.m, call.n, call.k)
        func blocks(_ a: UnsafePointer<Float>, _ lda: Int) {
            for n0 in Swift.stride(from: 0, to: n, by: columnBlock) {
                blas_bridge_sgemm(false, false, Int32(m), Int32(min(columnBlock, n - n0)),
                                  Int32(k), 1, a, Int32(lda), b + n0, Int32(call.ldb), 0, c + n0, Int32(call.ldc))
            }
        }
        guard call.transA else { return blocks(a, call.lda) }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: m * k) { buffer in
            let at = buffer.baseAddress!                 // op(A) = Aᵀ: [m][k]
            for i in 0..<m { for p in 0..<k { at[i * k + p] = a[p * call.lda + i] } }
            blocks(at, k)
        }
    }
}
