/// Average pooling of NCHW maps to a fixed `outputSize` x `outputSize` grid, whatever the input
/// size, with PyTorch's `AdaptiveAvgPool2d` bins: output cell i covers input rows
/// ⌊i·H/out⌋ ..< ⌈(i+1)·H/out⌉ (bins overlap when H is not a multiple of out).
///
/// Backward spreads each dy evenly over its bin, summing where bins overlap.
public final class AdaptiveAveragePool2D: Layer {
    public let outputSize: Int
    private var cachedInputShape: [Int]?

    public init(outputSize: Int) {
        precondition(outputSize > 0, "AdaptiveAveragePool2D: output size \(outputSize) must be positive")
        self.outputSize = outputSize
    }

    /// The input range of output cell `index` along a dimension of `length`.
    static func bin(_ index: Int, length: Int, cells: Int) -> Range<Int> {
        (index * length / cells)..<(((index + 1) * length + cells - 1) / cells)
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        precondition(x.rank == 4 && x.shape[2] >= outputSize && x.shape[3] >= outputSize,
                     "AdaptiveAveragePool2D(\(outputSize)): expected input [N, C, H ≥ \(outputSize), W ≥ \(outputSize)], found \(x.shape)")
        if mode == .training { cachedInputShape = x.shape }
        let (planes, h, w, out) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3], outputSize)
        var y = Tensor(uninitializedShape: [x.shape[0], x.shape[1], out, out])
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                for plane in 0..<planes {
                    let input = xp.baseAddress! + plane * h * w, output = yp.baseAddress! + plane * out * out
                    for i in 0..<out {
                        let rows = Self.bin(i, length: h, cells: out)
                        for j in 0..<out {
                            let columns = Self.bin(j, length: w, cells: out)
                            var sum: Float = 0
                            for r in rows { for c in columns { sum += input[r * w + c] } }
                            output[i * out + j] = sum / Float(rows.count * columns.count)
                        }
                    }
                }
            }
        }
        return y
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let shape = requireCached(cachedInputShape, "AdaptiveAveragePool2D")
        let (planes, h, w, out) = (shape[0] * shape[1], shape[2], shape[3], outputSize)
        requireShape(dy.shape, [shape[0], shape[1], out, out], "AdaptiveAveragePool2D.backward dy")
        guard needsInputGradient else { return nil }
        var dx = Tensor(zeros: shape)
        dy.withUnsafeBufferPointer { dyp in
            dx.withUnsafeMutableBufferPointer { dxp in
                for plane in 0..<planes {
                    let gradient = dyp.baseAddress! + plane * out * out, target = dxp.baseAddress! + plane * h * w
                    for i in 0..<out {
                        let rows = Self.bin(i, length: h, cells: out)
                        for j in 0..<out {
                            let columns = Self.bin(j, length: w, cells: out)
                            let share = gradient[i * out + j] / Float(rows.count * columns.count)
                            for r in rows { for c in columns { target[r * w + c] += share } }
                        }
                    }
                }
            }
        }
        return dx
    }
}
