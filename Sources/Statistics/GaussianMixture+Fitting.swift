import Foundation

/// EM for the full-covariance mixture, as scikit-learn's GaussianMixture: a seeded k-means start,
/// a small ridge on every covariance, stopping when the mean log-likelihood gains less than the
/// tolerance.
extension GaussianMixture {
    /// Fits `components` Gaussians to the rows of `data`.
    ///
    /// - Parameters:
    ///   - seed: drives the k-means++ start; the same seed and data give the same mixture bit for bit.
    ///   - tolerance: stop when an iteration raises the mean log-likelihood per sample by less.
    ///   - maxIterations: stop after this many E-steps regardless (then `converged` is false).
    ///   - covarianceRegularisation: added to every covariance's diagonal (scikit-learn's
    ///     reg_covar), so a component on a flat or tiny cluster stays positive definite.
    /// - Throws: fewer samples than components; a non-positive tolerance or iteration count; a
    ///   covariance that stays singular despite the regulariser.
    public static func fit(_ data: SampleMatrix, components k: Int, seed: UInt64,
                           tolerance: Double = 1e-3, maxIterations: Int = 100,
                           covarianceRegularisation: Double = 1e-6) throws -> GaussianMixture {
        guard k >= 1 else { throw StatisticsError.invalidArgument("a mixture needs at least 1 component; got \(k)") }
        guard data.rows >= k else {
            throw StatisticsError.tooFewSamples(needed: k, got: data.rows,
                                                reason: "a mixture of \(k) components needs at least one sample per component")
        }
        guard tolerance >= 0, maxIterations >= 1, covarianceRegularisation >= 0 else {
            throw StatisticsError.invalidArgument("tolerance \(tolerance) and regularisation \(covarianceRegularisation) must be ≥ 0, maxIterations \(maxIterations) ≥ 1")
        }
        var generator = SplitMix64(seed: seed)
        let labels = KMeansPlusPlus.labels(data, count: k, generator: &generator)
        var responsibilities = [Double](repeating: 0, count: k * data.rows)
        for (row, label) in labels.enumerated() { responsibilities[label * data.rows + row] = 1 }
        var mixture = try maximisation(data, responsibilities, components: k, regularisation: covarianceRegularisation)
        var history: [Double] = []
        var converged = false
        while true {
            let (meanLogLikelihood, next) = expectation(data, mixture)
            history.append(meanLogLikelihood)
            if history.count >= 2, abs(meanLogLikelihood - history[history.count - 2]) < tolerance {
                converged = true
                break
            }
            if history.count >= maxIterations { break }
            responsibilities = next
            mixture = try maximisation(data, responsibilities, components: k, regularisation: covarianceRegularisation)
        }
        return try GaussianMixture(weights: mixture.weights, means: mixture.means, covariances: mixture.covariances,
                                   logLikelihoodHistory: history, converged: converged)
    }

    /// The mean log-likelihood per sample, and the responsibilities p(k | x) component-major.
    static func expectation(_ data: SampleMatrix, _ mixture: GaussianMixture) -> (Double, [Double]) {
        let n = data.rows, k = mixture.componentCount
        var joint = mixture.componentLogDensities(data)
        var total = 0.0
        var column = [Double](repeating: 0, count: k)
        for row in 0..<n {
            for c in 0..<k { column[c] = joint[c * n + row] }
            let logDensity = logSumExp(column)
            total += logDensity
            for c in 0..<k { joint[c * n + row] = exp(column[c] - logDensity) }
        }
        return (total / Double(n), joint)
    }

    /// Weights, means and covariances from responsibilities (component-major), components in
    /// parallel, each with its own sequential sums (so the result is independent of threads).
    static func maximisation(_ data: SampleMatrix, _ responsibilities: [Double], components k: Int,
                             regularisation: Double) throws -> GaussianMixture {
        let n = data.rows, d = data.columns
        // As scikit-learn: 10 ε keeps an emptied component's weight and mean finite.
        let floor = 10 * Double.ulpOfOne
        var totals = [Double](repeating: 0, count: k)
        var means = [Double](repeating: 0, count: k * d)
        var covariances = [Double](repeating: 0, count: k * d * d)
        data.values.withUnsafeBufferPointer { x in
            responsibilities.withUnsafeBufferPointer { r in
                totals.withUnsafeMutableBufferPointer { totalsOut in
                    means.withUnsafeMutableBufferPointer { meansOut in
                        covariances.withUnsafeMutableBufferPointer { covOut in
                            let totalsBase = totalsOut.baseAddress!, meansBase = meansOut.baseAddress!, covBase = covOut.baseAddress!
                            DispatchQueue.concurrentPerform(iterations: k) { c in
                                let weightsRow = r.baseAddress! + c * n
                                let mean = meansBase + c * d, cov = covBase + c * d * d
                                var total = 0.0
                                for row in 0..<n {
                                    let w = weightsRow[row]
                                    total += w
                                    if w == 0 { continue }
                                    for j in 0..<d { mean[j] += w * x[row * d + j] }
                                }
                                total += floor
                                for j in 0..<d { mean[j] /= total }
                                CovarianceAccumulator.accumulate(x.baseAddress!, weights: weightsRow, rows: n, dimension: d,
                                                                 mean: mean, into: cov)
                                for i in 0..<d {
                                    for j in i..<d {
                                        cov[i * d + j] /= total
                                        cov[j * d + i] = cov[i * d + j]
                                    }
                                    cov[i * d + i] += regularisation
                                }
                                totalsBase[c] = total
                            }
                        }
                    }
                }
            }
        }
        let sum = totals.reduce(0, +)
        return try GaussianMixture(
            weights: totals.map { $0 / sum },
            means: (0..<k).map { Array(means[($0 * d)..<(($0 + 1) * d)]) },
            covariances: (0..<k).map { Array(covariances[($0 * d * d)..<(($0 + 1) * d * d)]) })
    }
}
