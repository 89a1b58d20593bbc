/// Inverted dropout: in `.training` each value is zeroed with `probability` and the survivors are
/// scaled by 1 / (1 - probability), so `.inference` is the identity.
///
/// The generator is the layer's own and public, so a checkpoint can save and restore it and a
/// resumed run draws the same masks.
public final class Dropout: InPlaceLayer {
    public let probability: Float
    public var generator: SeededGenerator
    /// 0 or 1 / (1 - p) per value, from the last training forward.
    private var cachedMask: Tensor?

    public init(probability: Float = 0.5, seed: UInt64) {
        precondition(probability >= 0 && probability <= 1,
                     "Dropout: probability must lie in [0, 1], found \(probability)")
        self.probability = probability
        generator = SeededGenerator(seed: seed)
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        guard mode == .training else { return x }
        let mask = drawMask(shape: x.shape)
        return Elementwise.map(x, mask, Elementwise.Product())
    }

    public func forward(inPlace x: inout Tensor, mode: Mode) {
        guard mode == .training else { return }
        let mask = drawMask(shape: x.shape)
        Elementwise.apply(&x, with: mask, Elementwise.Product())
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let mask = takeCachedMask(matching: dy)
        guard needsInputGradient else { return nil }
        return Elementwise.map(dy, mask, Elementwise.Product())
    }

    public func backward(inPlace dy: inout Tensor) {
        let mask = takeCachedMask(matching: dy)
        Elementwise.apply(&dy, with: mask, Elementwise.Product())
    }

    /// Draws one uniform per value, in order, so a seed fixes the mask whatever the worker count.
    private func drawMask(shape: [Int]) -> Tensor {
        let p = probability
        let scale: Float = p < 1 ? 1 / (1 - p) : 0   // p = 1 drops everything, as PyTorch does
        var mask = Tensor(uninitializedShape: shape)
        mask.withUnsafeMutableBufferPointer { m in
            for i in m.indices { m[i] = generator.nextUniform() < p ? 0 : scale }
        }
        cachedMask = mask
        return mask
    }

    /// The cached mask, released here so a finished backward frees it.
    private func takeCachedMask(matching dy: Tensor) -> Tensor {
        let mask = requireCached(cachedMask, "Dropout")
        requireShape(dy.shape, mask.shape, "Dropout.backward dy")
        cachedMask = nil
        return mask
    }
}
