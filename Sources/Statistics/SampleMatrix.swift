import Foundation

/// Samples as rows and features as columns, in float64, row-major: the input of the Fréchet
/// distance and of the Gaussian mixture.
///
/// Every initialiser checks the shape and that every value is finite, so the algorithms behind it
/// never see NaN: a NaN would otherwise spread silently through a covariance and an eigensolver.
public struct SampleMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// rows × columns values, row after row.
    public let values: [Double]

    public init(rows: Int, columns: Int, values: [Double]) throws {
        guard rows >= 0, columns >= 1 else {
            throw StatisticsError.badShape("a sample matrix needs at least one column and no negative row count; got \(rows) × \(columns)")
        }
        guard values.count == rows * columns else {
            throw StatisticsError.badShape("\(rows) rows × \(columns) columns need \(rows * columns) values; got \(values.count)")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw StatisticsError.nonFiniteValue(row: bad / columns, column: bad % columns)
        }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// One array per sample; all of the same length.
    public init(_ samples: [[Double]]) throws {
        guard let width = samples.first?.count else {
            throw StatisticsError.badShape("no samples given")
        }
        if let ragged = samples.firstIndex(where: { $0.count != width }) {
            throw StatisticsError.badShape("sample \(ragged) has \(samples[ragged].count) values, sample 0 has \(width)")
        }
        try self.init(rows: samples.count, columns: width, values: samples.flatMap { $0 })
    }

    /// Float32 features (e.g. a network's activations, rows of a tensor), widened to float64.
    public init(rows: Int, columns: Int, floats: [Float]) throws {
        try self.init(rows: rows, columns: columns, values: floats.map(Double.init))
    }

    public func row(_ index: Int) -> ArraySlice<Double> {
        values[(index * columns)..<((index + 1) * columns)]
    }

    /// The values narrowed to float32, e.g. to decode sampled latents with a float32 network.
    public var floats: [Float] { values.map(Float.init) }
}
