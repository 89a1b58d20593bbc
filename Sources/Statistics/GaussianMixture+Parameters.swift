import Foundation

/// The mixture as named flat float64 arrays, to save beside a checkpoint (e.g. as F64 tensors in
/// a safetensors file) and load back exactly.
extension GaussianMixture {
    /// "shape" [K, D]; "weights" [K]; "means" [K·D]; "covariances" [K·D·D] row-major;
    /// "log_likelihood_history" [iterations]; "converged" [0 or 1].
    public var parameters: [String: [Double]] {
        ["shape": [Double(componentCount), Double(dimension)],
         "weights": weights,
         "means": means.flatMap { $0 },
         "covariances": covariances.flatMap { $0 },
         "log_likelihood_history": logLikelihoodHistory,
         "converged": [converged ? 1 : 0]]
    }

    /// Shape arrays as tensors would hold them: name → [K], [K, D], [K, D, D], ...
    public var parameterShapes: [String: [Int]] {
        let k = componentCount, d = dimension
        return ["shape": [2], "weights": [k], "means": [k, d], "covariances": [k, d, d],
                "log_likelihood_history": [logLikelihoodHistory.count], "converged": [1]]
    }

    /// Rebuilds a mixture from `parameters`; refuses missing arrays or sizes that do not match
    /// "shape", and re-checks the weights and that every covariance is positive definite.
    public init(parameters: [String: [Double]]) throws {
        func array(_ name: String) throws -> [Double] {
            guard let values = parameters[name] else {
                throw StatisticsError.badShape("mixture parameters lack \"\(name)\"; have \(parameters.keys.sorted())")
            }
            return values
        }
        let shape = try array("shape")
        guard shape.count == 2, let k = Int(exactly: shape[0]), let d = Int(exactly: shape[1]), k >= 1, d >= 1 else {
            throw StatisticsError.badShape("mixture \"shape\" must be [K, D] with K, D ≥ 1; got \(shape)")
        }
        let weights = try array("weights"), means = try array("means"), covariances = try array("covariances")
        guard weights.count == k, means.count == k * d, covariances.count == k * d * d else {
            throw StatisticsError.badShape("for K = \(k), D = \(d): weights need \(k) values (got \(weights.count)), means \(k * d) (got \(means.count)), covariances \(k * d * d) (got \(covariances.count))")
        }
        try self.init(weights: weights,
                      means: (0..<k).map { Array(means[($0 * d)..<(($0 + 1) * d)]) },
                      covariances: (0..<k).map { Array(covariances[($0 * d * d)..<(($0 + 1) * d * d)]) },
                      logLikelihoodHistory: parameters["log_likelihood_history"] ?? [],
                      converged: parameters["converged"] == [1])
    }
}
