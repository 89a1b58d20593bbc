import Foundation

/// KL(N(mean, exp(logVariance)) ‖ N(0, I)) for a diagonal Gaussian, summed over the latent
/// dimensions and averaged over the batch, times `weight` (β in a β-VAE):
/// KL = −½ Σ_d (1 + logvar − mean² − exp(logvar)).
public struct GaussianKL: Sendable {
    public let value: Float
    /// dL/dmean = weight · mean / N.
    public let meanGradient: Tensor
    /// dL/dlogVariance = weight · ½ (exp(logvar) − 1) / N.
    public let logVarianceGradient: Tensor

    /// mean, logVariance: [N, d] (or [N, ...]; everything after the batch dimension is summed).
    public init(mean: Tensor, logVariance: Tensor, weight: Float = 1) {
        precondition(mean.shape == logVariance.shape && mean.rank >= 2 && mean.shape[0] > 0,
                     "GaussianKL: expected mean and logVariance of one shape [N, d], found \(mean.shape) and \(logVariance.shape)")
        let scale = Double(weight) / Double(mean.shape[0])
        var meanGradient = Tensor(uninitializedShape: mean.shape)
        var logVarianceGradient = Tensor(uninitializedShape: mean.shape)
        var total = 0.0

        mean.withUnsafeBufferPointer { mu in
            logVariance.withUnsafeBufferPointer { lv in
                meanGradient.withUnsafeMutableBufferPointer { dmu in
                    logVarianceGradient.withUnsafeMutableBufferPointer { dlv in
                        for i in 0..<mu.count {
                            let m = Double(mu[i]), l = Double(lv[i])
                            let variance = exp(l)
                            total += 1 + l - m * m - variance
                            dmu[i] = Float(scale * m)
                            dlv[i] = Float(scale * 0.5 * (variance - 1))
                        }
                    }
                }
            }
        }
        value = Float(-0.5 * total * scale)
        self.meanGradient = meanGradient
        self.logVarianceGradient = logVarianceGradient
    }
}
