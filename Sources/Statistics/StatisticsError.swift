import Foundation

/// What the statistics refuse, each case saying what was given and what was needed.
public enum StatisticsError: Error, Equatable, CustomStringConvertible {
    /// A covariance from fewer samples than it needs to be of full rank.
    case tooFewSamples(needed: Int, got: Int, reason: String)
    /// NaN or an infinity in the data, at (row, column).
    case nonFiniteValue(row: Int, column: Int)
    /// Rows of different lengths, or a flat array that does not fill rows × columns.
    case badShape(String)
    /// Two inputs that must agree (feature dimension, parameter shapes) do not.
    case mismatch(String)
    /// A matrix that was expected positive (semi)definite is not, beyond rounding.
    case notPositiveDefinite(String)
    /// An argument out of range (component count, tolerance, iteration count).
    case invalidArgument(String)
    /// An iterative method that did not finish within its iteration limit.
    case didNotConverge(String)

    public var description: String {
        switch self {
        case let .tooFewSamples(needed, got, reason): return "\(reason); needed \(needed), got \(got)"
        case let .nonFiniteValue(row, column): return "non-finite value (NaN or infinity) at row \(row), column \(column)"
        case let .badShape(text), let .mismatch(text), let .notPositiveDefinite(text),
             let .invalidArgument(text), let .didNotConverge(text):
            return text
        }
    }
}
