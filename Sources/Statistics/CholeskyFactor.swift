import Foundation

/// The lower Cholesky factor L of a symmetric positive definite matrix (A = L Lᵀ), float64, with
/// what the Gaussian mixture needs from it: log det A, L⁻¹ for Mahalanobis distances and L for
/// sampling.
struct CholeskyFactor: Sendable, Equatable {
    let dimension: Int
    /// L, row-major, zero above the diagonal.
    let lower: [Double]
    /// L⁻¹ transposed: row j holds column j of L⁻¹ (non-zero from index j on), so that L⁻¹ d is
    /// a sum of contiguous row updates d_j · row j, which vectorise.
    let inverseColumns: [Double]
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
        var inverse = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            inverse[j * n + j] = 1 / l[j * n + j]
            for i in (j + 1)..<max(j + 1, n) {
                var sum = 0.0
                for k in j..<i { sum += l[i * n + k] * inverse[j * n + k] }
                inverse[j * n + i] = -sum / l[i * n + i]
            }
        }
        dimension = n
        lower = l
        inverseColumns = inverse
        self.logDeterminant = logDeterminant
    }

    /// |L⁻¹ d|² = dᵀ A⁻¹ d; `scratch` holds n values and is overwritten.
    @inline(__always)
    func mahalanobis(_ d: UnsafePointer<Double>, scratch y: UnsafeMutablePointer<Double>) -> Double {
        let n = dimension
        for i in 0..<n { y[i] = 0 }
        inverseColumns.withUnsafeBufferPointer { columns in
            for j in 0..<n {
                let dj = d[j]
                let column = columns.baseAddress! + j * n
                for i in j..<n { y[i] += dj * column[i] }
            }
        }
        var sum = 0.0
        for i in 0..<n { sum += y[i] * y[i] }
        return sum
    }
}
