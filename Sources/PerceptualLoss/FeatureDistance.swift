import Foundation
import NN

/// Distances between two batches of feature maps [N, C, H, W], with the gradient for the first.
public enum FeatureDistance {
    /// mean((a − b)²) over every element (PyTorch's `F.mse_loss`); gradient 2(a − b)/count.
    public static func meanSquared(_ a: Tensor, _ b: Tensor) -> (value: Double, gradient: Tensor) {
        precondition(a.shape == b.shape, "feature shapes \(a.shape) and \(b.shape) differ")
        let loss = MeanSquaredError(prediction: a, target: b)
        return (Double(loss.value), loss.gradient)
    }

    /// LPIPS's distance: each pixel's channel vector is divided by its length (+1e-10, as LPIPS
    /// does), the squared differences are weighted per channel (all 1 when `channelWeights` is
    /// nil) and summed over channels, then averaged over the pixels of each image.
    /// Returns the per-image distances and the gradient of their mean over the batch.
    public static func channelNormalized(_ a: Tensor, _ b: Tensor, channelWeights: [Float]? = nil,
                                         needsGradient: Bool = true) -> (perImage: [Double], gradient: Tensor?) {
        precondition(a.shape == b.shape && a.rank == 4, "feature shapes \(a.shape) and \(b.shape) differ")
        let (batch, channels, plane) = (a.shape[0], a.shape[1], a.shape[2] * a.shape[3])
        if let channelWeights { precondition(channelWeights.count == channels, "\(channelWeights.count) weights for \(channels) channels") }
        let epsilon: Float = 1e-10
        var perImage = [Double](repeating: 0, count: batch)
        var gradient = Tensor(zeros: needsGradient ? a.shape : [0])
        let weights = channelWeights ?? [Float](repeating: 1, count: channels)
        let gradientScale = 1 / Float(batch * plane)
        a.withUnsafeBufferPointer { ap in
        b.withUnsafeBufferPointer { bp in
        perImage.withUnsafeMutableBufferPointer { distances in
        gradient.withUnsafeMutableBufferPointer { out in
            Parallel.forEachChunk(batch) { images in
                var u = [Float](repeating: 0, count: channels), g = [Float](repeating: 0, count: channels)
                for n in images {
                    let base = n * channels * plane
                    var total = 0.0
                    for p in 0..<plane {
                        var sa: Float = 0, sb: Float = 0
                        for c in 0..<channels {
                            let x = ap[base + c * plane + p], y = bp[base + c * plane + p]
                            sa += x * x
                            sb += y * y
                        }
                        let na = sa.squareRoot(), nb = sb.squareRoot()
                        let ia = 1 / (na + epsilon), ib = 1 / (nb + epsilon)
                        var d: Float = 0, dot: Float = 0
                        for c in 0..<channels {
                            let x = ap[base + c * plane + p]
                            u[c] = x * ia
                            let diff = u[c] - bp[base + c * plane + p] * ib
                            d += weights[c] * diff * diff
                            g[c] = 2 * weights[c] * diff * gradientScale   // dL/du
                            dot += x * g[c]
                        }
                        total += Double(d)
                        guard needsGradient else { continue }
                        // u = a/(|a|+ε): du/da = I/(|a|+ε) − a aᵀ/(|a| (|a|+ε)²)
                        let correction = na > 0 ? dot * ia * ia / na : 0
                        for c in 0..<channels {
                            out[base + c * plane + p] = g[c] * ia - ap[base + c * plane + p] * correction
                        }
                    }
                    distances[n] = total / Double(plane)
                }
            }
        }
        }
        }
        }
        return (perImage, needsGradient ? gradient : nil)
    }
}
