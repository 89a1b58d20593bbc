import Foundation

/// The eigenvalues and eigenvectors of a real symmetric matrix, in float64: A = Vᵀ diag(λ) V with
/// the eigenvectors as the rows of V, eigenvalues ascending.
///
/// Householder reduction to tridiagonal form, then the implicit QL iteration with Wilkinson-like
/// shifts: the EISPACK tred2/tql2 pair as in JAMA (public domain). About 3n³ flops where cyclic
/// Jacobi takes 20n³ or more, so a 256 × 256 covariance takes milliseconds. The QL rotations run
/// on eigenvectors stored as contiguous rows, so each rotation is two vectorisable row updates.
public struct SymmetricEigendecomposition: Sendable, Equatable {
    public let dimension: Int
    /// Ascending.
    public let eigenvalues: [Double]
    /// dimension × dimension, row-major; row i is the unit eigenvector of eigenvalues[i].
    public let eigenvectors: [Double]

    /// `matrix` is n × n, row-major, symmetric to rounding (only the lower triangle is read).
    public init(symmetric matrix: [Double], dimension n: Int) throws {
        guard n >= 1, matrix.count == n * n else {
            throw StatisticsError.badShape("an eigendecomposition needs an n × n matrix (n ≥ 1); got \(matrix.count) values for n = \(n)")
        }
        if let bad = matrix.firstIndex(where: { !$0.isFinite }) {
            throw StatisticsError.nonFiniteValue(row: bad / n, column: bad % n)
        }
        var v = matrix
        var d = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: n)
        Self.tridiagonalise(&v, &d, &e, n)
        // tred2 leaves the transformation's columns as eigenvector candidates; transpose so that
        // the QL rotations touch two contiguous rows.
        var w = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for k in 0..<n { w[i * n + k] = v[k * n + i] } }
        try Self.diagonalise(&w, &d, &e, n)
        let order = (0..<n).sorted { d[$0] < d[$1] || (d[$0] == d[$1] && $0 < $1) }
        var vectors = [Double](repeating: 0, count: n * n)
        for (to, from) in order.enumerated() {
            for k in 0..<n { vectors[to * n + k] = w[from * n + k] }
        }
        dimension = n
        eigenvalues = order.map { d[$0] }
        eigenvectors = vectors
    }

    /// The symmetric square root V ᵀ diag(√λ) V of a positive semidefinite matrix.
    ///
    /// Eigenvalues below zero by no more than rounding (|λ| ≤ 1e-9 · max|λ|, or exactly
    /// representable noise of a rank-deficient covariance) are set to 0; a clearly negative one
    /// means the matrix is not PSD, and throws rather than returning a wrong root.
    public func positiveSemidefiniteSquareRoot() throws -> [Double] {
        let roots = try clampedEigenvalues().map { $0.squareRoot() }
        let n = dimension
        var result = [Double](repeating: 0, count: n * n)
        var scaled = [Double](repeating: 0, count: n)
        eigenvectors.withUnsafeBufferPointer { vec in
            result.withUnsafeMutableBufferPointer { out in
                for i in 0..<n where roots[i] > 0 {
                    for k in 0..<n { scaled[k] = roots[i] * vec[i * n + k] }
                    // Rank-one update on contiguous rows: out[a, :] += (√λ v_a) v.
                    for a in 0..<n {
                        let factor = scaled[a]
                        if factor == 0 { continue }
                        for b in 0..<n { out[a * n + b] += factor * vec[i * n + b] }
                    }
                }
            }
        }
        // Symmetrise exactly: the two triangles differ by rounding in the summation order.
        for a in 0..<n { for b in (a + 1)..<max(a + 1, n) {
            let mean = 0.5 * (result[a * n + b] + result[b * n + a])
            result[a * n + b] = mean
            result[b * n + a] = mean
        } }
        return result
    }

    /// Eigenvalues with the rounding-sized negative ones set to 0 (see
    /// `positiveSemidefiniteSquareRoot`).
    public func clampedEigenvalues() throws -> [Double] {
        let largest = eigenvalues.map(abs).max() ?? 0
        let tolerance = 1e-9 * largest
        return try eigenvalues.map { value in
            if value >= 0 { return value }
            guard -value <= tolerance else {
                throw StatisticsError.notPositiveDefinite("eigenvalue \(value) is negative beyond rounding (largest |λ| = \(largest)): the matrix is not positive semidefinite")
            }
            return 0
        }
    }
}
