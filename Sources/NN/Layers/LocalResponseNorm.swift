/// Local response normalisation across channels, with Caffe's semantics (PyTorch's
/// nn.LocalResponseNorm for odd sizes): scale = k + alpha/size · Σ x² over `size` neighbouring
/// channels (clipped at the ends), y = x · scale^-beta. Input [N, C, ...], any number of trailing
/// spatial dimensions.
///
/// A training forward keeps only the input (shared storage, not a copy); backward recomputes the
/// scale and scale^-beta from it.
public final class LocalResponseNorm: Layer {
    public let size: Int
    public let alpha: Float, beta: Float, k: Float

    private var cachedInput: Tensor?

    public init(size: Int, alpha: Float = 1e-4, beta: Float = 0.75, k: Float = 1) {
        precondition(size > 0, "LocalResponseNorm needs size > 0, given \(size)")
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.k = k
    }

    private func kernel(forInput shape: [Int]) -> CrossChannelLRN {
        precondition(shape.count >= 2, "LocalResponseNorm: expected input [N, C, ...], found \(shape)")
        return CrossChannelLRN(size: size, alpha: alpha, beta: beta, k: k, images: shape[0],
                               channels: shape[1], plane: shape.dropFirst(2).reduce(1, *))
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let lrn = kernel(forInput: x.shape)
        var y = Tensor(uninitializedShape: x.shape)
        // An inference forward (e.g. a loss target) leaves the training cache alone.
        if mode == .training { cachedInput = x }
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { lrn.forward(xp.baseAddress!, into: $0.baseAddress!) }
        }
        return y
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let x = requireCached(cachedInput, "LocalResponseNorm")
        requireShape(dy.shape, x.shape, "LocalResponseNorm.backward dy")
        defer { cachedInput = nil }
        guard needsInputGradient else { return nil }
        let lrn = kernel(forInput: x.shape)
        var dx = Tensor(uninitializedShape: x.shape)
        dy.withUnsafeBufferPointer { dyp in
            x.withUnsafeBufferPointer { xp in
                dx.withUnsafeMutableBufferPointer { lrn.backward(dyp.baseAddress!, x: xp.baseAddress!, into: $0.baseAddress!) }
            }
        }
        return dx
    }
}
