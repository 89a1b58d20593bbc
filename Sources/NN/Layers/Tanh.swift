import Foundation

/// y = tanh(x). Caches its output, from which the derivative 1 - y² follows.
public final class Tanh: InPlaceLayer {
    private var cachedOutput: Tensor?

    public init() {}

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let y = Elementwise.map(x, HyperbolicTangent())
        if mode == .training { cachedOutput = y }
        return y
    }

    public func forward(inPlace x: inout Tensor, mode: Mode) {
        Elementwise.apply(&x, HyperbolicTangent())
        if mode == .training { cachedOutput = x }
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let y = takeCachedOutput(matching: dy)
        guard needsInputGradient else { return nil }
        return Elementwise.map(dy, y, HyperbolicTangentGradient())
    }

    public func backward(inPlace dy: inout Tensor) {
        let y = takeCachedOutput(matching: dy)
        Elementwise.apply(&dy, with: y, HyperbolicTangentGradient())
    }

    /// The cached output, released here so a finished backward frees the activation.
    private func takeCachedOutput(matching dy: Tensor) -> Tensor {
        let y = requireCached(cachedOutput, "Tanh")
        requireShape(dy.shape, y.shape, "Tanh.backward dy")
        cachedOutput = nil
        return y
    }
}

private struct HyperbolicTangent: Elementwise.Unary {
    @inline(__always) func callAsFunction(_ x: Float) -> Float { tanh(x) }
}

/// (dy, y) → dx = dy · (1 - y²).
private struct HyperbolicTangentGradient: Elementwise.Binary {
    @inline(__always) func callAsFunction(_ dy: Float, _ y: Float) -> Float { dy * (1 - y * y) }
}
