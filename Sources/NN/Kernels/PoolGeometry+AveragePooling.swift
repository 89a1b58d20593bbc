/// Average pooling over planes [planes, height, width] → [planes, outH, outW], and its backward,
/// with Caffe's divisor (see `AveragePool2D`).
extension PoolGeometry {
    /// Caffe's `pool_size` along one dimension: the window clipped to the padded input
    /// [-padding, size + padding), not yet to the input itself.
    @inline(__always)
    func paddedWindowLength(_ index: Int, size: Int) -> Int {
        let start = index * stride - padding
        return min(start + kernel, size + padding) - start
    }

    func averagePool(_ x: UnsafePointer<Float>, planes: Int, into y: UnsafeMutablePointer<Float>) {
        Parallel.forEachChunk(planes) { range in
            for plane in range {
                let xp = x + plane * inputPlane, yp = y + plane * outputPlane
                for oy in 0..<outputHeight {
                    let rows = window(oy, size: height), rowLength = paddedWindowLength(oy, size: height)
                    for ox in 0..<outputWidth {
                        let columns = window(ox, size: width)
                        var sum: Float = 0
                        for iy in rows {
                            for ix in columns { sum += xp[iy * width + ix] }
                        }
                        yp[oy * outputWidth + ox] = sum / Float(rowLength * paddedWindowLength(ox, size: width))
                    }
                }
            }
        }
    }

    /// dx = 0, then each dy / divisor added over its clipped window. Overwrites dx.
    func averagePoolBackward(_ dy: UnsafePointer<Float>, planes: Int, into dx: UnsafeMutablePointer<Float>) {
        Parallel.forEachChunk(planes) { range in
            for plane in range {
                let dxp = dx + plane * inputPlane, dyp = dy + plane * outputPlane
                dxp.update(repeating: 0, count: inputPlane)
                for oy in 0..<outputHeight {
                    let rows = window(oy, size: height), rowLength = paddedWindowLength(oy, size: height)
                    for ox in 0..<outputWidth {
                        let share = dyp[oy * outputWidth + ox] / Float(rowLength * paddedWindowLength(ox, size: width))
                        for iy in rows {
                            for ix in window(ox, size: width) { dxp[iy * width + ix] += share }
                        }
                    }
                }
            }
        }
    }
}
