/// y = max(x, 0), NaN passing through.
///
/// Caches its output rather than its input: y > 0 exactly where x > 0, and the cache shares
/// storage with the tensor forward returns, so training keeps no extra copy.
public final class ReLU: InPlaceLayer {
    private var cachedOutput: Tensor?

    public init() {}

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let y = Elementwise.map(x, Rectify())
        if mode == .training { cachedOutput = y }
        return y
    }

    public func forward(inPlace x: inout Tensor, mode: Mode) {
        Elementwise.apply(&x, Rectify())
        if mode == .training { cachedOutput = x }
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let y = takeCachedOutput(matching: dy)
        guard needsInputGradient else { return nil }
        return Elementwise.map(dy, y, RectifyGradient())
    }

    public func backward(inPlace dy: inout Tensor) {
        let y = takeCachedOutput(matching: dy)
        Elementwise.apply(&dy, with: y, RectifyGradient())
    }

    /// The cached output, released here so a finished backward frees the activation.
    private func takeCachedOutput(matching dy: Tensor) -> Tensor {
        let y = requireCached(cachedOutput, "ReLU")
        requireShape(dy.shape, y.shape, "ReLU.backward dy")
        cachedOutput = nil
        return y
    }
}

extension ReLU {
    private struct Rectify: Elementwise.Unary {
        @inline(__always) func callAsFunction(_ x: Float) -> Float { x < 0 ? 0 : x }
    }

    /// (dy, y) → dx: the gradient passes where the output is positive.
    private struct RectifyGradient: Elementwise.Binary {
        @inline(__always) func callAsFunction(_ dy: Float, _ y: Float) -> Float { y > 0 ? dy : 0 }
    }
}
