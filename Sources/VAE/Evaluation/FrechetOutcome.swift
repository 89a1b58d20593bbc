/// One FD-AlexNet figure, or why there is none (too few images for a stable covariance, no
/// fitted prior): a report keeps its other rows when one cannot be computed.
public struct FrechetOutcome: Codable, Equatable {
    /// The Fréchet distance between the two sets' feature Gaussians.
    public var value: Double?
    /// |μ1 − μ2|², the part of `value` from the means alone.
    public var meanTerm: Double?
    /// The part from the covariances: `value` − `meanTerm` (before clamping at 0).
    public var covarianceTerm: Double?
    /// Why there is no value, one line for the user.
    public var error: String?

    public init(value: Double, meanTerm: Double, covarianceTerm: Double) {
        self.value = value
        self.meanTerm = meanTerm
        self.covarianceTerm = covarianceTerm
    }

    public init(error: String) { self.error = error }

    /// The figure for a table cell, or the reason.
    public var text: String { value.map { String(format: "%.3f", $0) } ?? "n/a: \(error ?? "")" }
}
