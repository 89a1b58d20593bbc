import Foundation

/// Mean over the batch of the binary cross-entropy of σ(logit) against a 0/1 target, as PyTorch's
/// `binary_cross_entropy_with_logits` computes it, with dL/dlogits.
///
/// Written as max(x, 0) − x·t + log(1 + e^−|x|), which neither overflows for large |x| nor loses
/// the small probabilities; computed in Double.
public struct SigmoidBinaryCrossEntropy: Sendable {
    public let value: Float
    /// dL/dlogits = (σ(x) − t) / N, the logits' shape.
    public let gradient: Tensor

    /// logits: N numbers (any shape); targets: N values in [0, 1].
    public init(logits: Tensor, targets: [Float]) {
        precondition(logits.count == targets.count && !targets.isEmpty,
                     "SigmoidBinaryCrossEntropy: \(logits.shape) logits for \(targets.count) targets")
        precondition(targets.allSatisfy { (0...1).contains($0) }, "SigmoidBinaryCrossEntropy: targets must lie in [0, 1]")
        let n = Double(targets.count)
        var gradient = Tensor(uninitializedShape: logits.shape)
        var total = 0.0
        logits.withUnsafeBufferPointer { x in
            gradient.withUnsafeMutableBufferPointer { dx in
                for i in 0..<targets.count {
                    let logit = Double(x[i]), target = Double(targets[i])
                    total += max(logit, 0) - logit * target + log1p(exp(-abs(logit)))
                    let sigmoid = logit >= 0 ? 1 / (1 + exp(-logit)) : exp(logit) / (1 + exp(logit))
                    dx[i] = Float((sigmoid - target) / n)
                }
            }
        }
        value = Float(total / n)
        self.gradient = gradient
    }
}
