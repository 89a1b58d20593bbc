/// y = x for x > 0, negativeSlope · x otherwise (the VAE uses 0.2).
///
/// Caches its output rather than its input: with a non-negative slope, y > 0 exactly where x > 0,
/// and the cache shares storage with the tensor forward returns.
public final class LeakyReLU: InPlaceLayer {
    public let negativeSlope: Float
    private var cachedOutput: Tensor?

    public init(negativeSlope: Float = 0.01) {
        // A negative slope would flip signs, and the output could no longer tell where x > 0.
        precondition(negativeSlope >= 0, "LeakyReLU: negativeSlope must be >= 0, found \(negativeSlope)")
        self.negativeSlope = negativeSlope
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let y = Elementwise.map(x, LeakyRectify(slope: negativeSlope))
        if mode == .training { cachedOutput = y }
        return y
    }

    public func forward(inPlace x: inout Tensor, mode: Mode) {
        Elementwise.apply(&x, LeakyRectify(slope: negativeSlope))
        if mode == .training { cachedOutput = x }
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let y = takeCachedOutput(matching: dy)
        guard needsInputGradient else { return nil }
        return Elementwise.map(dy, y, LeakyRectifyGradient(slope: negativeSlope))
    }

    public func backward(inPlace dy: inout Tensor) {
        let y = takeCachedOutput(matching: dy)
        Elementwise.apply(&dy, with: y, LeakyRectifyGradient(slope: negativeSlope))
    }

    /// The cached output, released here so a finished backward frees the activation.
    private func takeCachedOutput(matching dy: Tensor) -> Tensor {
        let y = requireCached(cachedOutput, "LeakyReLU")
        requireShape(dy.shape, y.shape, "LeakyReLU.backward dy")
        cachedOutput = nil
        return y
    }
}

extension LeakyReLU {
    private struct LeakyRectify: Elementwise.Unary {
        let slope: Float
        @inline(__always) func callAsFunction(_ x: Float) -> Float { x < 0 ? slope * x : x }
    }

    /// (dy, y) → dx.
    private struct LeakyRectifyGradient: Elementwise.Binary {
        let slope: Float
        @inline(__always) func callAsFunction(_ dy: Float, _ y: Float) -> Float { y > 0 ? dy : slope * dy }
    }
}
