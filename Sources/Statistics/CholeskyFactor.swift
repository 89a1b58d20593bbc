import Foundation

/// The lower Cholesky factor L of a symmetric positive definite matrix (A = L Lᵀ), float64, with
/// what the Gaussian mixture needs from it: log det A, L⁻¹ for Mahalanobis distances and L for
/// sampling.
struct CholeskyFactor: Sendable, Equatable {
    let dimension: Int
    /// L, row-major, zero above the diagonal.
    let lower: [Double]
    /// L⁻¹ transposed: row j holds column j of L⁻¹ (non-zero from index j on), so that L⁻¹ d is
    /// a sum of contiguous row updates d_j · row j. Rows are `paddedDimension` long (a multiple
    /// of 4, zero-filled) so the updates run in whole SIMD4 vectors.
    let inverseColumns: [Double]
    let paddedDimension: Int
    /// log det A = 2 Σ log L_ii.
    let logDeterminant: Double

    /// `matrix` is n × n, row-major, symmetric; the lower triangle is read.
    init(_ matrix: [Double], dimension n: Int) throws {
        var l = [Double](repeating: 0, count: n * n)
        var logDeterminant = 0.0
        for j in 0..<n {
            var diagonal = matrix[j * n + j]
            for k in 0..<j { diagonal -= l[j * n + k] * l[j * n + k] }
            guard diagonal > 0, diagonal.isFinite else {
                throw StatisticsError.notPositiveDefinite("Cholesky: pivot \(j) of \(n) is \(diagonal), the matrix is not positive definite")
            }
            let root = diagonal.squareRoot()
            l[j * n + j] = root
            logDeterminant += 2 * log(root)
            for i in (j + 1)..<max(j + 1, n) {
                var sum = matrix[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = sum / root
            }
        }
        // Column j of L⁻¹ by forward substitution on the unit vector e_j.
        let padded = (n + 3) & ~3
        var inverse = [Double](repeating: 0, count: n * padded)
        for j in 0..<n {
            inverse[j * padded + j] = 1 / l[j * n + j]
            for i in (j + 1)..<max(j + 1, n) {
                var sum = 0.0
                for k in j..<i { sum += l[i * n + k] * inverse[j * padded + k] }
                inverse[j * padded + i] = -sum / l[i * n + i]
            }
        }
        paddedDimension = padded
        dimension = n
        lower = l
        inverseColumns = inverse
        self.logDeterminant = logDeterminant
    }

    /// |L⁻¹ d|² = dᵀ A⁻¹ d for `count` (1...4) centred samples, `d[s * n + j]`, into
    /// `out[0..<count]`; `scratch` holds 4 · paddedDimension values and is overwritten. Four samples
    /// share each SIMD4 load of a column of L⁻¹; a column's zeros above the diagonal are skipped
    /// from the aligned block that holds the diagonal on.
    @inline(__always)
    func mahalanobis(_ d: UnsafePointer<Double>, count: Int, scratch: UnsafeMutablePointer<Double>,
                     into out: UnsafeMutablePointer<Double>) {
        let n = dimension, p = paddedDimension
        for index in 0..<(4 * p) { scratch[index] = 0 }
        let raw = UnsafeMutableRawPointer(scratch)
        let stride = p * MemoryLayout<Double>.stride
        inverseColumns.withUnsafeBufferPointer { columns in
            for j in 0..<n {
                let a0 = SIMD4<Double>(repeating: d[j])
                let a1 = SIMD4<Double>(repeating: count > 1 ? d[n + j] : 0)
                let a2 = SIMD4<Double>(repeating: count > 2 ? d[2 * n + j] : 0)
                let a3 = SIMD4<Double>(repeating: count > 3 ? d[3 * n + j] : 0)
                let column = UnsafeRawPointer(columns.baseAddress! + j * p)
                var i = j & ~3
                while i < p {
                    let offset = i * MemoryLayout<Double>.stride
                    let c = column.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
                    let y0 = raw.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
                    let y1 = raw.loadUnaligned(fromByteOffset: stride + offset, as: SIMD4<Double>.self)
                    let y2 = raw.loadUnaligned(fromByteOffset: 2 * stride + offset, as: SIMD4<Double>.self)
                    let y3 = raw.loadUnaligned(fromByteOffset: 3 * stride + offset, as: SIMD4<Double>.self)
                    raw.storeBytes(of: y0 + a0 * c, toByteOffset: offset, as: SIMD4<Double>.self)
                    raw.storeBytes(of: y1 + a1 * c, toByteOffset: stride + offset, as: SIMD4<Double>.self)
                    raw.storeBytes(of: y2 + a2 * c, toByteOffset: 2 * stride + offset, as: SIMD4<Double>.self)
                    raw.storeBytes(of: y3 + a3 * c, toByteOffset: 3 * stride + offset, as: SIMD4<Double>.self)
                    i += 4
                }
            }
        }
        for s in 0..<count {
            let y = scratch + s * p
            var sum = 0.0
            for i in 0..<n { sum += y[i] * y[i] }
            out[s] = sum
        }
    }
}
