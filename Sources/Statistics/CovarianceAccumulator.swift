import Foundation

/// The M-step's weighted scatter Σ_n w_n (x_n − μ)(x_n − μ)ᵀ, the mixture's costliest loop with
/// the Mahalanobis distances (N · D² / 2 multiply-adds per component).
///
/// Four samples per pass, so each row of the accumulator is loaded and stored once per four,
/// in SIMD4 vectors over rows padded to a multiple of 4; only the upper triangle is built (from
/// the aligned block holding the diagonal on) and then mirrored.
enum CovarianceAccumulator {
    /// Adds the scatter of `rows` samples (row-major, `dimension` wide) about `mean` to `output`
    /// (dimension × dimension, row-major, both triangles written).
    static func accumulate(_ x: UnsafePointer<Double>, weights: UnsafePointer<Double>, rows n: Int, dimension d: Int,
                           mean: UnsafePointer<Double>, into output: UnsafeMutablePointer<Double>) {
        let p = (d + 3) & ~3
        let vectorBytes = MemoryLayout<SIMD4<Double>>.stride, rowBytes = p * MemoryLayout<Double>.stride
        let centred = UnsafeMutablePointer<Double>.allocate(capacity: 4 * p)
        let sums = UnsafeMutablePointer<Double>.allocate(capacity: d * p)
        defer { centred.deallocate(); sums.deallocate() }
        sums.initialize(repeating: 0, count: d * p)
        let c = UnsafeRawPointer(centred), out = UnsafeMutableRawPointer(sums)
        var start = 0
        while start < n {
            let count = min(4, n - start)
            // Rows beyond `count` and columns beyond d stay zero: no tails in the vector loop.
            centred.initialize(repeating: 0, count: 4 * p)
            var w = SIMD4<Double>(repeating: 0)
            for s in 0..<count {
                w[s] = weights[start + s]
                for j in 0..<d { centred[s * p + j] = x[(start + s) * d + j] - mean[j] }
            }
            if w == SIMD4<Double>(repeating: 0) { start += count; continue }
            for i in 0..<d {
                let f0 = SIMD4<Double>(repeating: w[0] * centred[i]), f1 = SIMD4<Double>(repeating: w[1] * centred[p + i])
                let f2 = SIMD4<Double>(repeating: w[2] * centred[2 * p + i]), f3 = SIMD4<Double>(repeating: w[3] * centred[3 * p + i])
                var offset = (i & ~3) * MemoryLayout<Double>.stride
                let rowStart = i * rowBytes
                while offset < rowBytes {
                    let c0 = c.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
                    let c1 = c.loadUnaligned(fromByteOffset: rowBytes + offset, as: SIMD4<Double>.self)
                    let c2 = c.loadUnaligned(fromByteOffset: 2 * rowBytes + offset, as: SIMD4<Double>.self)
                    let c3 = c.loadUnaligned(fromByteOffset: 3 * rowBytes + offset, as: SIMD4<Double>.self)
                    let sum = out.loadUnaligned(fromByteOffset: rowStart + offset, as: SIMD4<Double>.self)
                    out.storeBytes(of: sum + (f0 * c0 + f1 * c1 + f2 * c2 + f3 * c3), toByteOffset: rowStart + offset, as: SIMD4<Double>.self)
                    offset += vectorBytes
                }
            }
            start += count
        }
        for i in 0..<d {
            for j in i..<d {
                output[i * d + j] += sums[i * p + j]
                if j != i { output[j * d + i] = output[i * d + j] }
            }
        }
    }
}
