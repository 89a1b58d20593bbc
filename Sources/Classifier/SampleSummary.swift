import Foundation

/// Mean and sample standard deviation (n − 1 in the denominator; 0 for a single value) of a
/// figure over repeated runs.
public struct SampleSummary: Sendable, Equatable, Codable {
    public let mean: Double
    public let standardDeviation: Double
    public let count: Int

    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "a summary needs at least one value")
        let mean = values.reduce(0, +) / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        self.mean = mean
        standardDeviation = values.count > 1 ? (squares / Double(values.count - 1)).squareRoot() : 0
        count = values.count
    }

    /// `0.812 ± 0.004` with `digits` decimals.
    public func formatted(digits: Int = 3) -> String {
        String(format: "%.\(digits)f ± %.\(digits)f", mean, standardDeviation)
    }
}
