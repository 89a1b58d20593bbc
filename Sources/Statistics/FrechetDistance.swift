import Foundation

/// The Fréchet distance between the Gaussians fitted to two sets of feature vectors (FID when the
/// features are Inception's; here any network's, e.g. 256-d):
///
///     FD = |μ1 − μ2|² + tr Σ1 + tr Σ2 − 2 tr((Σ1^½ Σ2 Σ1^½)^½)
///
/// with the unbiased covariances (divisor N − 1, as pytorch-fid and numpy.cov). The symmetric form
/// of the cross term replaces pytorch-fid's sqrtm(Σ1 Σ2): both have the same eigenvalues, but this
/// one is a symmetric PSD matrix, so its root is real without discarding imaginary parts, and the
/// distance is symmetric in its arguments to rounding.
///
/// Sample count: each set needs at least D + 1 samples for a D-d covariance of full rank (N − 1
/// centred samples span at most N − 1 dimensions). With fewer, Σ is singular and the distance is
/// dominated by which directions happened to be sampled; the initialiser refuses rather than
/// return such a number.
public struct FrechetDistance: Sendable, Equatable {
    /// The distance itself, ≥ 0 up to rounding (clamped at 0).
    public let value: Double
    /// |μ1 − μ2|².
    public let meanTerm: Double
    /// tr Σ1 + tr Σ2 − 2 tr((Σ1^½ Σ2 Σ1^½)^½).
    public let covarianceTerm: Double

    public init(_ first: SampleMatrix, _ second: SampleMatrix) throws {
        guard first.columns == second.columns else {
            throw StatisticsError.mismatch("the two sets have \(first.columns) and \(second.columns) features; the Fréchet distance needs the same dimension")
        }
        let d = first.columns
        for (name, set) in [("first", first), ("second", second)] where set.rows < d + 1 {
            throw StatisticsError.tooFewSamples(
                needed: d + 1, got: set.rows,
                reason: "FD needs at least D+1 = \(d + 1) samples per set for a \(d)-d covariance of full rank; the \(name) set has \(set.rows)")
        }
        try self.init(moments: SampleMoments(first), SampleMoments(second))
    }

    /// From precomputed moments (e.g. saved reference statistics of a dataset).
    public init(moments a: SampleMoments, _ b: SampleMoments) throws {
        guard a.dimension == b.dimension else {
            throw StatisticsError.mismatch("moments of dimension \(a.dimension) and \(b.dimension)")
        }
        let n = a.dimension
        var meanTerm = 0.0
        for i in 0..<n { let delta = a.mean[i] - b.mean[i]; meanTerm += delta * delta }
        var traces = 0.0
        for i in 0..<n { traces += a.covariance[i * n + i] + b.covariance[i * n + i] }
        let rootA = try SymmetricEigendecomposition(symmetric: a.covariance, dimension: n).positiveSemidefiniteSquareRoot()
        let inner = MatrixProducts.multiply(MatrixProducts.multiply(rootA, b.covariance, n), rootA, n)
        let innerEigen = try SymmetricEigendecomposition(symmetric: MatrixProducts.symmetrised(inner, n), dimension: n)
        // tr(M^½) = Σ √λ(M): only the eigenvalues are needed.
        let crossTrace = try innerEigen.clampedEigenvalues().reduce(0) { $0 + $1.squareRoot() }
        self.meanTerm = meanTerm
        self.covarianceTerm = traces - 2 * crossTrace
        self.value = max(0, meanTerm + covarianceTerm)
    }
}
