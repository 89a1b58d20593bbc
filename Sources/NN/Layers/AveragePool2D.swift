/// 2-D average pooling over NCHW images with square windows, as Caffe's `Pooling` layer with
/// `pool: AVE` computes it: each window is clipped to the input before summing, but the sum is
/// divided by the window clipped only to the padded input (pooling_layer.cpp: `pool_size` is taken
/// before `hstart`/`hend` are clipped to the image). So a border window that reaches into the
/// padding counts the padded zeros, one that reaches past it (ceil rounding) does not.
///
/// No cache but the input shape: backward spreads each dy / divisor evenly over its window.
public final class AveragePool2D: Layer {
    public let kernelSize: Int, stride: Int, padding: Int
    public let rounding: PoolRounding

    private var cachedInputShape: [Int]?

    public init(kernelSize: Int, stride: Int, padding: Int = 0, rounding: PoolRounding = .ceil) {
        precondition(kernelSize > 0 && stride > 0 && padding >= 0 && padding < kernelSize,
                     "AveragePool2D needs kernelSize > 0, stride > 0 and 0 <= padding < kernelSize, given \(kernelSize), \(stride), \(padding)")
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.rounding = rounding
    }

    public func geometry(forInput shape: [Int]) -> PoolGeometry {
        precondition(shape.count == 4, "AveragePool2D: expected input [N, C, H, W], found \(shape)")
        return PoolGeometry(height: shape[2], width: shape[3], kernel: kernelSize, stride: stride,
                            padding: padding, rounding: rounding)
    }

    public func outputShape(forInput shape: [Int]) -> [Int] {
        let g = geometry(forInput: shape)
        return [shape[0], shape[1], g.outputHeight, g.outputWidth]
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let g = geometry(forInput: x.shape)
        if mode == .training { cachedInputShape = x.shape }
        var y = Tensor(uninitializedShape: outputShape(forInput: x.shape))
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                g.averagePool(xp.baseAddress!, planes: x.shape[0] * x.shape[1], into: yp.baseAddress!)
            }
        }
        return y
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let inputShape = requireCached(cachedInputShape, "AveragePool2D")
        requireShape(dy.shape, outputShape(forInput: inputShape), "AveragePool2D.backward dy")
        defer { cachedInputShape = nil }
        guard needsInputGradient else { return nil }
        let g = geometry(forInput: inputShape)
        var dx = Tensor(uninitializedShape: inputShape)
        dy.withUnsafeBufferPointer { dyp in
            dx.withUnsafeMutableBufferPointer { dxp in
                g.averagePoolBackward(dyp.baseAddress!, planes: inputShape[0] * inputShape[1], into: dxp.baseAddress!)
            }
        }
        return dx
    }
}
