/// Nearest-neighbour upsampling of NCHW by an integer factor:
/// y[n, c, oy, ox] = x[n, c, oy / s, ox / s], so each input value fills an s×s block.
/// Backward sums each block of dy back into its source value.
public final class Upsample: Layer {
    public let scaleFactor: Int
    private var cachedInputShape: [Int]?

    public init(scaleFactor: Int) {
        precondition(scaleFactor >= 1, "Upsample: scaleFactor must be >= 1, found \(scaleFactor)")
        self.scaleFactor = scaleFactor
    }

    public func outputShape(forInput shape: [Int]) -> [Int] {
        precondition(shape.count == 4, "Upsample: expected input [N, C, H, W], found \(shape)")
        return [shape[0], shape[1], shape[2] * scaleFactor, shape[3] * scaleFactor]
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let outShape = outputShape(forInput: x.shape)
        if mode == .training { cachedInputShape = x.shape }
        let s = scaleFactor, h = x.shape[2], w = x.shape[3], outW = w * s
        var y = Tensor(uninitializedShape: outShape)
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                let source = xp.baseAddress!, dest = yp.baseAddress!
                // One item per (n, c) plane; each writes only its own output plane.
                Parallel.forEachChunk(x.shape[0] * x.shape[1]) { range in
                    for plane in range {
                        let input = source + plane * h * w
                        var out = dest + plane * h * w * s * s
                        for iy in 0..<h {
                            let row = out
                            for ix in 0..<w { (row + ix * s).update(repeating: input[iy * w + ix], count: s) }
                            out += outW
                            for _ in 1..<s {          // the other rows of the block repeat the first
                                out.update(from: row, count: outW)
                                out += outW
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let inputShape = requireCached(cachedInputShape, "Upsample")
        requireShape(dy.shape, outputShape(forInput: inputShape), "Upsample.backward dy")
        guard needsInputGradient else { return nil }
        let s = scaleFactor, h = inputShape[2], w = inputShape[3], outW = w * s
        var dx = Tensor(uninitializedShape: inputShape)
        dy.withUnsafeBufferPointer { dyp in
            dx.withUnsafeMutableBufferPointer { dxp in
                let source = dyp.baseAddress!, dest = dxp.baseAddress!
                Parallel.forEachChunk(inputShape[0] * inputShape[1]) { range in
                    for plane in range {
                        let gradient = source + plane * h * w * s * s
                        let out = dest + plane * h * w
                        for iy in 0..<h {
                            for ix in 0..<w {
                                var total: Float = 0
                                for i in 0..<s {
                                    let row = gradient + (iy * s + i) * outW + ix * s
                                    for j in 0..<s { total += row[j] }
                                }
                                out[iy * w + ix] = total
                            }
                        }
                    }
                }
            }
        }
        return dx
    }
}
