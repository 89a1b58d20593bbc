/// y = max(x, 0), NaN passing through.
///
/// Caches its output rather than its input: y > 0 exactly where x > 0, and the cache shares
/// storage with the tensor forward returns, so training keeps no extra copy.
public final class ReLU: InPlaceLayer {
    private var cachedOutput: Tensor?

    public init() {}

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let y = Elementwise.map(x) { $0 < 0 ? 0 : $0 }
        if mode == .training { cachedOutput = y }
        return y
    }

    public func forward(inPlace x: inout Tensor, mode: Mode) {
        Elementwise.apply(&x) { $0 < 0 ? 0 : $0 }
        if mode == .training { cachedOutput = x }
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let y = takeCachedOutput(matching: dy)
        guard needsInputGradient else { return nil }
        return Elementwise.map(dy, y) { g, out in out > 0 ? g : 0 }
    }

    public func backward(inPlace dy: inout Tensor) {
        let y = takeCachedOutput(matching: dy)
        Elementwise.apply(&dy, with: y) { g, out in out > 0 ? g : 0 }
    }

    /// The cached output, released here so a finished backward frees the activation.
    private func takeCachedOutput(matching dy: Tensor) -> Tensor {
        let y = requireCached(cachedOutput, "ReLU")
        requireShape(dy.shape, y.shape, "ReLU.backward dy")
        cachedOutput = nil
        return y
    }
}
