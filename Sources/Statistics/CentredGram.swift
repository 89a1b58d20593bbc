import Foundation

/// The centred Gram matrix HKH of N examples' features (K = XXᵀ, H = I − 11ᵀ/N), in float64,
/// row-major N x N: the inner products of the examples' features after each feature's mean over
/// the examples is taken away. Linear CKA compares two of them.
///
/// It is N x N whatever the feature width, so a convolution layer's 10⁵ features cost memory
/// only while the Gram matrix is accumulated.
public struct CentredGram: Sendable, Equatable {
    public let count: Int
    /// count × count values, row after row.
    public let values: [Double]

    /// Centres a Gram matrix K of `count` examples: HKH, whose rows and columns each sum to zero.
    /// Centring a centred matrix leaves it as it is, so either kind may be given.
    public init(gram: [Double], count: Int) throws {
        guard count >= 2 else {
            throw StatisticsError.tooFewSamples(needed: 2, got: count, reason: "a centred Gram matrix needs at least two examples")
        }
        guard gram.count == count * count else {
            throw StatisticsError.badShape("a Gram matrix of \(count) examples holds \(count * count) values; got \(gram.count)")
        }
        if let bad = gram.firstIndex(where: { !$0.isFinite }) {
            throw StatisticsError.nonFiniteValue(row: bad / count, column: bad % count)
        }
        let n = Double(count)
        var rowMeans = [Double](repeating: 0, count: count)
        for i in 0..<count { for j in 0..<count { rowMeans[i] += gram[i * count + j] } }
        rowMeans = rowMeans.map { $0 / n }
        let grandMean = rowMeans.reduce(0, +) / n
        // K is symmetric, so its column means are its row means.
        var centred = gram
        for i in 0..<count {
            for j in 0..<count { centred[i * count + j] += grandMean - rowMeans[i] - rowMeans[j] }
        }
        self.count = count
        self.values = centred
    }

    /// From the samples themselves: each column centred, then the N x N inner products, in
    /// float64 throughout (small sets and references; wide features go through a GEMM instead).
    public init(_ samples: SampleMatrix) throws {
        let (n, d) = (samples.rows, samples.columns)
        var centred = samples.values
        for column in 0..<d {
            var mean = 0.0
            for row in 0..<n { mean += centred[row * d + column] }
            mean /= Double(max(1, n))
            for row in 0..<n { centred[row * d + column] -= mean }
        }
        var gram = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in i..<n {
                var sum = 0.0
                for k in 0..<d { sum += centred[i * d + k] * centred[j * d + k] }
                gram[i * n + j] = sum
                gram[j * n + i] = sum
            }
        }
        try self.init(gram: gram, count: n)
    }

    /// ‖HKH‖²_F: linear CKA divides by the square roots of two of these.
    public var squaredNorm: Double { values.reduce(0) { $0 + $1 * $1 } }
}
