import Foundation

/// Mean over the batch of −log softmax(logits)[label], with dL/dlogits and the probabilities.
///
/// Each row is shifted by its maximum before exponentiating, so large logits cannot overflow;
/// exponentials and sums run in Double.
public struct SoftmaxCrossEntropy: Sendable {
    public let value: Float
    /// dL/dlogits = (softmax(logits) − onehot(label)) / N, [N, classes].
    public let gradient: Tensor
    /// softmax(logits), [N, classes].
    public let probabilities: Tensor

    /// logits: [N, classes]; labels: N class indices in 0..<classes.
    public init(logits: Tensor, labels: [Int]) {
        precondition(logits.rank == 2 && logits.shape[0] > 0 && logits.shape[1] > 0,
                     "SoftmaxCrossEntropy: expected logits [N, classes], found \(logits.shape)")
        let n = logits.shape[0], classes = logits.shape[1]
        precondition(labels.count == n,
                     "SoftmaxCrossEntropy: logits \(logits.shape) need \(n) labels, given \(labels.count)")
        for (row, label) in labels.enumerated() {
            precondition(label >= 0 && label < classes,
                         "SoftmaxCrossEntropy: label \(label) of row \(row) outside 0..<\(classes) for logits \(logits.shape)")
        }
        var probabilities = Tensor(uninitializedShape: logits.shape)
        var gradient = Tensor(uninitializedShape: logits.shape)
        var total = 0.0

        logits.withUnsafeBufferPointer { x in
            probabilities.withUnsafeMutableBufferPointer { p in
                gradient.withUnsafeMutableBufferPointer { dx in
                    for row in 0..<n {
                        let base = row * classes
                        var maximum = x[base]
                        for j in 1..<classes { maximum = max(maximum, x[base + j]) }
                        var sum = 0.0
                        for j in 0..<classes { sum += exp(Double(x[base + j]) - Double(maximum)) }
                        // −log p[label] = log Σ exp(x − max) − (x[label] − max)
                        total += log(sum) - (Double(x[base + labels[row]]) - Double(maximum))
                        for j in 0..<classes {
                            let probability = exp(Double(x[base + j]) - Double(maximum)) / sum
                            p[base + j] = Float(probability)
                            dx[base + j] = Float((probability - (j == labels[row] ? 1 : 0)) / Double(n))
                        }
                    }
                }
            }
        }
        value = Float(total / Double(n))
        self.gradient = gradient
        self.probabilities = probabilities
    }
}
