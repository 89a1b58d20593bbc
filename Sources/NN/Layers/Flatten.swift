/// [N, d1, d2, …] → [N, d1 · d2 · …], sharing the input's storage (no copy).
public final class Flatten: Layer {
    private var cachedInputShape: [Int]?

    public init() {}

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        precondition(x.rank >= 1, "Flatten: input needs a batch dimension, found \(x.shape)")
        if mode == .training { cachedInputShape = x.shape }
        return x.reshaped([x.shape[0], x.shape.dropFirst().reduce(1, *)])
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let inputShape = requireCached(cachedInputShape, "Flatten")
        requireShape(dy.shape, [inputShape[0], inputShape.dropFirst().reduce(1, *)], "Flatten.backward dy")
        return needsInputGradient ? dy.reshaped(inputShape) : nil
    }
}
