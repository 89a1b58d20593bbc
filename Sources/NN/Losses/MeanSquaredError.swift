/// weight · mean((prediction − target)²) over all elements, with its gradient for the prediction.
///
/// The sum runs in Double over fixed blocks whose partial sums are added in order, so the value
/// does not depend on how many workers computed the blocks.
public struct MeanSquaredError: Sendable {
    public let value: Float
    /// dL/dprediction = 2 · weight · (prediction − target) / count.
    public let gradient: Tensor

    private static let blockSize = 1 << 14

    public init(prediction: Tensor, target: Tensor, weight: Float = 1) {
        precondition(prediction.shape == target.shape,
                     "MeanSquaredError: prediction \(prediction.shape) and target \(target.shape) differ")
        let count = prediction.count
        precondition(count > 0, "MeanSquaredError: empty prediction \(prediction.shape)")
        let scale = Float(2 * Double(weight) / Double(count))
        let blocks = (count + Self.blockSize - 1) / Self.blockSize
        var partials = [Double](repeating: 0, count: blocks)
        var gradient = Tensor(uninitializedShape: prediction.shape)

        prediction.withUnsafeBufferPointer { a in
            target.withUnsafeBufferPointer { b in
                gradient.withUnsafeMutableBufferPointer { da in
                    partials.withUnsafeMutableBufferPointer { sums in
                        Parallel.forEachChunk(blocks) { range in
                            for block in range {
                                var sum = 0.0
                                for i in block * Self.blockSize ..< min(count, (block + 1) * Self.blockSize) {
                                    let d = a[i] - b[i]
                                    sum += Double(d) * Double(d)
                                    da[i] = scale * d
                                }
                                sums[block] = sum
                            }
                        }
                    }
                }
            }
        }
        value = Float(Double(weight) * partials.reduce(0, +) / Double(count))
        self.gradient = gradient
    }
}
