import Foundation
import NN

/// Straightforward loop references for the layers' forward passes, computed in Double with plain
/// NCHW index arithmetic and no shared code with the kernels they check.
public enum NaiveLayers {
    public static func relu(_ x: Tensor) -> Tensor {
        Tensor(shape: x.shape, scalars: x.scalars.map { max($0, 0) })
    }

    public static func leakyReLU(_ x: Tensor, negativeSlope: Float) -> Tensor {
        Tensor(shape: x.shape, scalars: x.scalars.map { $0 > 0 ? $0 : negativeSlope * $0 })
    }

    public static func sigmoid(_ x: Tensor) -> Tensor {
        Tensor(shape: x.shape, scalars: x.scalars.map { Float(1 / (1 + Foundation.exp(-Double($0)))) })
    }

    /// y[n, c, oy, ox] = x[n, c, oy / s, ox / s].
    public static func upsample(_ x: Tensor, scaleFactor s: Int) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        var y = Tensor(zeros: [n, c, h * s, w * s])
        for i in 0..<n {
            for j in 0..<c {
                for oy in 0..<h * s {
                    for ox in 0..<w * s {
                        y[flat: ((i * c + j) * h * s + oy) * w * s + ox] = x[flat: ((i * c + j) * h + oy / s) * w + ox / s]
                    }
                }
            }
        }
        return y
    }

    /// Training-mode batch norm: returns y and each channel's batch mean and biased variance.
    public static func batchNorm(_ x: Tensor, gamma: [Float], beta: [Float], epsilon: Float)
        -> (y: Tensor, mean: [Double], variance: [Double]) {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        func index(_ i: Int, _ j: Int, _ p: Int) -> Int { (i * c + j) * h * w + p }
        var mean = [Double](repeating: 0, count: c), variance = mean
        for j in 0..<c {
            for i in 0..<n { for p in 0..<h * w { mean[j] += Double(x[flat: index(i, j, p)]) } }
            mean[j] /= Double(n * h * w)
            for i in 0..<n {
                for p in 0..<h * w { variance[j] += pow(Double(x[flat: index(i, j, p)]) - mean[j], 2) }
            }
            variance[j] /= Double(n * h * w)
        }
        let y = batchNorm(x, gamma: gamma, beta: beta, mean: mean, variance: variance, epsilon: epsilon)
        return (y, mean, variance)
    }

    /// y = γ (x - mean) / sqrt(variance + ε) + β with given per-channel statistics.
    public static func batchNorm(_ x: Tensor, gamma: [Float], beta: [Float],
                                 mean: [Double], variance: [Double], epsilon: Float) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        var y = Tensor(zeros: x.shape)
        for i in 0..<n {
            for j in 0..<c {
                for p in 0..<h * w {
                    let k = (i * c + j) * h * w + p
                    let normalized = (Double(x[flat: k]) - mean[j]) / (variance[j] + Double(epsilon)).squareRoot()
                    y[flat: k] = Float(Double(gamma[j]) * normalized + Double(beta[j]))
                }
            }
        }
        return y
    }
}
