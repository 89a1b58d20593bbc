import Foundation

/// Dense square products in float64, row-major, for the Fréchet distance's Σ1^½ Σ2 Σ1^½.
///
/// The i-k-j order makes the inner loop a contiguous row update (c[i, :] += a[i, k] · b[k, :]),
/// which the compiler vectorises without reassociating a sum; 256³ multiply-adds take a few ms.
enum MatrixProducts {
    static func multiply(_ a: [Double], _ b: [Double], _ n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: n * n)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    for i in 0..<n {
                        let row = pc.baseAddress! + i * n
                        for k in 0..<n {
                            let factor = pa[i * n + k]
                            if factor == 0 { continue }
                            let source = pb.baseAddress! + k * n
                            for j in 0..<n { row[j] += factor * source[j] }
                        }
                    }
                }
            }
        }
        return c
    }

    /// (M + Mᵀ) / 2: removes the rounding asymmetry before a symmetric eigensolver.
    static func symmetrised(_ m: [Double], _ n: Int) -> [Double] {
        var s = m
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) {
                let mean = 0.5 * (m[i * n + j] + m[j * n + i])
                s[i * n + j] = mean
                s[j * n + i] = mean
            }
        }
        return s
    }
}
