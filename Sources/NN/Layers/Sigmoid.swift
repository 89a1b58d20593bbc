import Foundation

/// y = 1 / (1 + e^-x). Caches its output, from which the derivative y(1 - y) follows.
public final class Sigmoid: InPlaceLayer {
    private var cachedOutput: Tensor?

    public init() {}

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let y = Elementwise.map(x, Logistic())
        if mode == .training { cachedOutput = y }
        return y
    }

    public func forward(inPlace x: inout Tensor, mode: Mode) {
        Elementwise.apply(&x, Logistic())
        if mode == .training { cachedOutput = x }
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let y = takeCachedOutput(matching: dy)
        guard needsInputGradient else { return nil }
        return Elementwise.map(dy, y, LogisticGradient())
    }

    public func backward(inPlace dy: inout Tensor) {
        let y = takeCachedOutput(matching: dy)
        Elementwise.apply(&dy, with: y, LogisticGradient())
    }

    /// The cached output, released here so a finished backward frees the activation.
    private func takeCachedOutput(matching dy: Tensor) -> Tensor {
        let y = requireCached(cachedOutput, "Sigmoid")
        requireShape(dy.shape, y.shape, "Sigmoid.backward dy")
        cachedOutput = nil
        return y
    }
}

extension Sigmoid {
    private struct Logistic: Elementwise.Unary {
        @inline(__always) func callAsFunction(_ x: Float) -> Float { 1 / (1 + exp(-x)) }
    }

    /// (dy, y) → dx = dy · y(1 - y).
    private struct LogisticGradient: Elementwise.Binary {
        @inline(__always) func callAsFunction(_ dy: Float, _ y: Float) -> Float { dy * y * (1 - y) }
    }
}
