/// Gives each item of the batch a new shape with the same element count; the batch dimension is
/// kept. Shares the input's storage (no copy).
public final class Reshape: Layer {
    /// The shape of one item, without the batch dimension.
    public let shape: [Int]
    private var cachedInputShape: [Int]?

    public init(_ shape: [Int]) {
        precondition(!shape.isEmpty && shape.allSatisfy { $0 > 0 }, "Reshape: invalid item shape \(shape)")
        self.shape = shape
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        precondition(x.rank >= 1 && x.count == x.shape[0] * shape.reduce(1, *),
                     "Reshape: cannot give items of input \(x.shape) the shape \(shape)")
        if mode == .training { cachedInputShape = x.shape }
        return x.reshaped([x.shape[0]] + shape)
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let inputShape = requireCached(cachedInputShape, "Reshape")
        requireShape(dy.shape, [inputShape[0]] + shape, "Reshape.backward dy")
        return needsInputGradient ? dy.reshaped(inputShape) : nil
    }
}
