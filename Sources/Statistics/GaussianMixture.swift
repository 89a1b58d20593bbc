import Foundation

/// A mixture of K full-covariance Gaussians in D dimensions, in float64: the ex-post density of
/// Ghosh et al. 2020 ("From Variational to Deterministic Autoencoders") on a VAE's posterior means,
/// from which new latents are drawn and decoded.
///
/// Fitted by EM (`fit`, in GaussianMixture+Fitting.swift); saved and loaded as named float64 arrays
/// (`parameters`, in GaussianMixture+Parameters.swift).
public struct GaussianMixture: Sendable, Equatable {
    public let dimension: Int
    /// K mixing weights, positive, summing to 1.
    public let weights: [Double]
    /// K means of D values.
    public let means: [[Double]]
    /// K covariances, each D × D row-major, symmetric positive definite.
    public let covariances: [[Double]]
    /// The mean log-likelihood per sample after each EM iteration's E-step, the last being the
    /// returned parameters'; empty for a mixture built from parameters directly.
    public let logLikelihoodHistory: [Double]
    /// Whether the fit stopped on the tolerance rather than on the iteration limit.
    public let converged: Bool
    let factors: [CholeskyFactor]

    public var componentCount: Int { weights.count }

    public init(weights: [Double], means: [[Double]], covariances: [[Double]],
                logLikelihoodHistory: [Double] = [], converged: Bool = false) throws {
        let k = weights.count
        guard k >= 1, means.count == k, covariances.count == k else {
            throw StatisticsError.mismatch("a mixture needs as many means and covariances as weights (≥ 1); got \(k) weights, \(means.count) means, \(covariances.count) covariances")
        }
        let d = means[0].count
        guard d >= 1, means.allSatisfy({ $0.count == d }), covariances.allSatisfy({ $0.count == d * d }) else {
            throw StatisticsError.mismatch("every mean needs D = \(d) values and every covariance D × D = \(d * d)")
        }
        guard weights.allSatisfy({ $0 > 0 && $0.isFinite }), abs(weights.reduce(0, +) - 1) <= 1e-9 else {
            throw StatisticsError.invalidArgument("mixture weights must be positive and sum to 1; got \(weights)")
        }
        guard means.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw StatisticsError.invalidArgument("a mixture mean holds a non-finite value")
        }
        // The Cholesky factor reads one triangle only: an asymmetric matrix would pass unseen.
        for (c, covariance) in covariances.enumerated() {
            for i in 0..<d { for j in 0..<i {
                let a = covariance[i * d + j], b = covariance[j * d + i]
                guard abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-300) else {
                    throw StatisticsError.invalidArgument("covariance \(c) is not symmetric: [\(i), \(j)] = \(a), [\(j), \(i)] = \(b)")
                }
            } }
        }
        self.dimension = d
        self.weights = weights
        self.means = means
        self.covariances = covariances
        self.logLikelihoodHistory = logLikelihoodHistory
        self.converged = converged
        self.factors = try covariances.map { try CholeskyFactor($0, dimension: d) }
    }

    /// log w_k + log N(x | μ_k, Σ_k) for every sample (row) and component, component-major:
    /// result[k * rows + row]. Components run concurrently; each one's loop is sequential, so the
    /// numbers do not depend on the thread count.
    func componentLogDensities(_ data: SampleMatrix) -> [Double] {
        let n = data.rows, d = dimension, k = componentCount
        let logTwoPi = log(2 * Double.pi)
        var result = [Double](repeating: 0, count: k * n)
        data.values.withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { out in
                let output = out.baseAddress!
                DispatchQueue.concurrentPerform(iterations: k) { c in
                    let factor = factors[c]
                    let constant = log(weights[c]) - 0.5 * (Double(d) * logTwoPi + factor.logDeterminant)
                    let centred = UnsafeMutablePointer<Double>.allocate(capacity: 4 * d)
                    let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 4 * factor.paddedDimension)
                    defer { centred.deallocate(); scratch.deallocate() }
                    means[c].withUnsafeBufferPointer { mean in
                        var start = 0
                        while start < n {
                            let count = min(4, n - start)
                            for s in 0..<count {
                                for j in 0..<d { centred[s * d + j] = x[(start + s) * d + j] - mean[j] }
                            }
                            let distances = output + c * n + start
                            factor.mahalanobis(centred, count: count, scratch: scratch, into: distances)
                            for s in 0..<count { distances[s] = constant - 0.5 * distances[s] }
                            start += count
                        }
                    }
                }
            }
        }
        return result
    }

    /// The log-density log p(x) of each sample (row), by log-sum-exp over the components.
    public func logDensities(of data: SampleMatrix) throws -> [Double] {
        guard data.columns == dimension else {
            throw StatisticsError.mismatch("the mixture is \(dimension)-d; the samples have \(data.columns) features")
        }
        let n = data.rows
        let joint = componentLogDensities(data)
        return (0..<n).map { row in Self.logSumExp((0..<componentCount).map { joint[$0 * n + row] }) }
    }

    /// The mean log-likelihood per sample, the quantity EM increases.
    public func logLikelihood(of data: SampleMatrix) throws -> Double {
        guard data.rows > 0 else { throw StatisticsError.badShape("no samples to evaluate") }
        return try logDensities(of: data).reduce(0, +) / Double(data.rows)
    }

    /// `count` draws from the mixture: a component by its weight, then μ + L z with z ~ N(0, I).
    public func sample<G: RandomNumberGenerator>(count: Int, generator: inout G) throws -> SampleMatrix {
        guard count >= 0 else { throw StatisticsError.invalidArgument("cannot draw \(count) samples") }
        let d = dimension
        var values = [Double](repeating: 0, count: count * d)
        var z = [Double](repeating: 0, count: d)
        for row in 0..<count {
            let u = StandardNormal.uniform(using: &generator)
            var c = componentCount - 1, cumulative = 0.0
            for (index, weight) in weights.enumerated() {
                cumulative += weight
                if u < cumulative { c = index; break }
            }
            for j in 0..<d { z[j] = StandardNormal.draw(using: &generator) }
            let l = factors[c].lower
            for i in 0..<d {
                var sum = means[c][i]
                for j in 0...i { sum += l[i * d + j] * z[j] }
                values[row * d + i] = sum
            }
        }
        return try SampleMatrix(rows: count, columns: d, values: values)
    }

    /// log Σ exp(v), shifted by the maximum so that no term overflows or all underflow.
    static func logSumExp(_ values: [Double]) -> Double {
        let top = values.max() ?? -.infinity
        guard top.isFinite else { return top }
        var sum = 0.0
        for v in values { sum += exp(v - top) }
        return top + log(sum)
    }
}
