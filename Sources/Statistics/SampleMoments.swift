import Foundation

/// The mean and the unbiased covariance (divisor N − 1, as numpy.cov and pytorch-fid) of a set of
/// samples, in float64.
public struct SampleMoments: Sendable, Equatable {
    public let dimension: Int
    public let mean: [Double]
    /// dimension × dimension, row-major, symmetric.
    public let covariance: [Double]

    /// At least two samples: N − 1 must not be zero.
    public init(_ samples: SampleMatrix) throws {
        let n = samples.rows, d = samples.columns
        guard n >= 2 else {
            throw StatisticsError.tooFewSamples(needed: 2, got: n, reason: "an unbiased covariance needs at least 2 samples")
        }
        var mean = [Double](repeating: 0, count: d)
        samples.values.withUnsafeBufferPointer { x in
            for r in 0..<n { for c in 0..<d { mean[c] += x[r * d + c] } }
        }
        for c in 0..<d { mean[c] /= Double(n) }
        // Centred first, then the rank-one updates on the upper triangle as contiguous row
        // updates (they vectorise), mirrored at the end: two-pass, so no cancellation of E[x²]−E[x]².
        var covariance = [Double](repeating: 0, count: d * d)
        var centred = [Double](repeating: 0, count: d)
        samples.values.withUnsafeBufferPointer { x in
            covariance.withUnsafeMutableBufferPointer { cov in
                for r in 0..<n {
                    for c in 0..<d { centred[c] = x[r * d + c] - mean[c] }
                    for i in 0..<d {
                        let ci = centred[i]
                        for j in i..<d { cov[i * d + j] += ci * centred[j] }
                    }
                }
                let divisor = Double(n - 1)
                for i in 0..<d {
                    for j in i..<d {
                        cov[i * d + j] /= divisor
                        cov[j * d + i] = cov[i * d + j]
                    }
                }
            }
        }
        self.dimension = d
        self.mean = mean
        self.covariance = covariance
    }
}
