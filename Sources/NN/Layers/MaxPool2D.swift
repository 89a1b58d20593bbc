/// 2-D max pooling over NCHW images with square windows, clipped at the border (padding never
/// wins the max). `.ceil` rounding gives Caffe's output sizes, `.floor` PyTorch's default.
///
/// A training forward keeps the index of each window's maximum (the first one in row-major order
/// on ties); backward sends each dy to that input element, summing where windows overlap.
public final class MaxPool2D: Layer {
    public let kernelSize: Int, stride: Int, padding: Int
    public let rounding: PoolRounding

    private var cachedInputShape: [Int]?
    /// [N, C, outH, outW], each maximum's index within its input plane; storage reused.
    private var cachedArgmax: [Int32] = []

    public init(kernelSize: Int, stride: Int, padding: Int = 0, rounding: PoolRounding = .floor) {
        precondition(kernelSize > 0 && stride > 0 && padding >= 0 && padding < kernelSize,
                     "MaxPool2D needs kernelSize > 0, stride > 0 and 0 <= padding < kernelSize, given \(kernelSize), \(stride), \(padding)")
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.rounding = rounding
    }

    /// The pooled length of one spatial dimension of `inputSize`.
    public static func outputSize(inputSize: Int, kernelSize: Int, stride: Int, padding: Int = 0,
                                  rounding: PoolRounding = .floor) -> Int {
        PoolGeometry.outputSize(inputSize: inputSize, kernel: kernelSize, stride: stride,
                                padding: padding, rounding: rounding)
    }

    public func geometry(forInput shape: [Int]) -> PoolGeometry {
        precondition(shape.count == 4, "MaxPool2D: expected input [N, C, H, W], found \(shape)")
        return PoolGeometry(height: shape[2], width: shape[3], kernel: kernelSize, stride: stride,
                            padding: padding, rounding: rounding)
    }

    public func outputShape(forInput shape: [Int]) -> [Int] {
        let g = geometry(forInput: shape)
        return [shape[0], shape[1], g.outputHeight, g.outputWidth]
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let g = geometry(forInput: x.shape)
        let planes = x.shape[0] * x.shape[1]
        var y = Tensor(uninitializedShape: [x.shape[0], x.shape[1], g.outputHeight, g.outputWidth])
        // An inference forward (e.g. a loss target) leaves the training cache alone.
        if mode == .training {
            cachedInputShape = x.shape
            if cachedArgmax.count != y.count { cachedArgmax = [Int32](repeating: 0, count: y.count) }
        }
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                if mode == .training {
                    cachedArgmax.withUnsafeMutableBufferPointer { ap in
                        g.maxPool(xp.baseAddress!, planes: planes, into: yp.baseAddress!, argmax: ap.baseAddress!)
                    }
                } else {
                    g.maxPool(xp.baseAddress!, planes: planes, into: yp.baseAddress!, argmax: nil)
                }
            }
        }
        return y
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let inputShape = requireCached(cachedInputShape, "MaxPool2D")
        requireShape(dy.shape, outputShape(forInput: inputShape), "MaxPool2D.backward dy")
        defer { cachedInputShape = nil }
        guard needsInputGradient else { return nil }
        let g = geometry(forInput: inputShape)
        var dx = Tensor(uninitializedShape: inputShape)
        dy.withUnsafeBufferPointer { dyp in
            cachedArgmax.withUnsafeBufferPointer { ap in
                dx.withUnsafeMutableBufferPointer { dxp in
                    g.maxPoolBackward(dyp.baseAddress!, argmax: ap.baseAddress!,
                                      planes: inputShape[0] * inputShape[1], into: dxp.baseAddress!)
                }
            }
        }
        return dx
    }
}
