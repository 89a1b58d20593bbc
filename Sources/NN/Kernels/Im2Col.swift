/// im2col and col2im over a chunk of images, plus the layout moves between NCHW and the
/// channel-major layout [channels, images * plane] that one GEMM over a chunk reads or writes.
/// All run sequentially: `BatchPlan` runs chunks on the cores in parallel.
///
/// A chunk of `images` images gives a column matrix [columnRows, images * outputPlane]: column
/// `n * outputPlane + oy * outW + ox` of row `(c * kH + i) * kW + j` holds
/// x[n, c, oy * sH - pH + i, ox * sW - pW + j], or 0 outside the image (Caffe's im2col, batched).
extension ConvGeometry {
    /// x: [images, channels, height, width] → columns [columnRows, images · rows · outW] for the
    /// output rows `outputRows` (all by default): a block of rows keeps a large image's columns
    /// small enough to stay in cache.
    public func im2col(_ x: UnsafePointer<Float>, images: Int, columns: UnsafeMutablePointer<Float>,
                       outputRows: Range<Int>? = nil) {
        let rows = outputRows ?? 0..<outputHeight
        let block = rows.count * outputWidth
        let rowLength = images * block
        let validColumns = (0..<kernelWidth).map { validOutputColumns(kernelColumn: $0) }
        for item in 0..<(images * channels) {
            let n = item / channels, c = item % channels
            let plane = x + (n * channels + c) * inputPlane
            for i in 0..<kernelHeight {
                for j in 0..<kernelWidth {
                    let row = (c * kernelHeight + i) * kernelWidth + j
                    let valid = validColumns[j]
                    let startX = valid.lowerBound * strideWidth - padWidth + j
                    var out = columns + row * rowLength + n * block
                    for oy in rows {
                        let iy = oy * strideHeight - padHeight + i
                        if iy < 0 || iy >= height || valid.isEmpty {
                            out.update(repeating: 0, count: outputWidth)
                        } else {
                            if valid.lowerBound > 0 { out.update(repeating: 0, count: valid.lowerBound) }
                            let source = plane + iy * width + startX
                            let dest = out + valid.lowerBound
                            if strideWidth == 1 {
                                dest.update(from: source, count: valid.count)
                            } else {
                                for t in 0..<valid.count { dest[t] = source[t * strideWidth] }
                            }
                            if valid.upperBound < outputWidth {
                                (out + valid.upperBound).update(repeating: 0, count: outputWidth - valid.upperBound)
                            }
                        }
                        out += outputWidth
                    }
                }
            }
        }
    }

    /// columns [columnRows, images * outputPlane] → x: [images, channels, height, width],
    /// summing the contributions of overlapping windows. Overwrites x.
    public func col2im(_ columns: UnsafePointer<Float>, images: Int, into x: UnsafeMutablePointer<Float>) {
        let rowLength = images * outputPlane
        let validColumns = (0..<kernelWidth).map { validOutputColumns(kernelColumn: $0) }
        for item in 0..<(images * channels) {
            let n = item / channels, c = item % channels
            let plane = x + (n * channels + c) * inputPlane
            plane.update(repeating: 0, count: inputPlane)
            for i in 0..<kernelHeight {
                for j in 0..<kernelWidth {
                    let row = (c * kernelHeight + i) * kernelWidth + j
                    let valid = validColumns[j]
                    if valid.isEmpty { continue }
                    let startX = valid.lowerBound * strideWidth - padWidth + j
                    var source = columns + row * rowLength + n * outputPlane + valid.lowerBound
                    for oy in 0..<outputHeight {
                        let iy = oy * strideHeight - padHeight + i
                        if iy >= 0 && iy < height {
                            let dest = plane + iy * width + startX
                            if strideWidth == 1 {
                                for t in 0..<valid.count { dest[t] += source[t] }
                            } else {
                                for t in 0..<valid.count { dest[t * strideWidth] += source[t] }
                            }
                        }
                        source += outputWidth
                    }
                }
            }
        }
    }
}

/// Moves between NCHW [images, channels, plane] and channel-major [channels, images * plane].
public enum ChannelMajor {
    /// dest[c, n * plane + p] = source[n, c, p] (+ bias[c]).
    public static func gather(_ source: UnsafePointer<Float>, images: Int, channels: Int, plane: Int,
                              into dest: UnsafeMutablePointer<Float>) {
        for item in 0..<(images * channels) {
            let n = item / channels, c = item % channels
            (dest + c * images * plane + n * plane).update(from: source + item * plane, count: plane)
        }
    }

    /// dest[n, c, p] = source[c, n * plane + p].
    public static func scatter(_ source: UnsafePointer<Float>, images: Int, channels: Int, plane: Int,
                               into dest: UnsafeMutablePointer<Float>) {
        for item in 0..<(images * channels) {
            let n = item / channels, c = item % channels
            (dest + item * plane).update(from: source + c * images * plane + n * plane, count: plane)
        }
    }
}

/// Per-channel bias over NCHW data.
public enum ChannelBias {
    /// y[n, c, p] += bias[c].
    public static func add(_ bias: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>,
                           images: Int, channels: Int, plane: Int) {
        for item in 0..<(images * channels) {
            let b = bias[item % channels]
            let row = y + item * plane
            for p in 0..<plane { row[p] += b }
        }
    }

    /// dbias[c] += Σ_{n,p} dy[n, c, p]. Each channel sums in a fixed order, so results are reproducible.
    public static func accumulateGradient(_ dy: UnsafePointer<Float>, into dbias: UnsafeMutablePointer<Float>,
                                          images: Int, channels: Int, plane: Int) {
        Parallel.forEachChunk(channels) { range in
            for c in range {
                var total: Float = 0
                for n in 0..<images {
                    let row = dy + (n * channels + c) * plane
                    var s: Float = 0
                    for p in 0..<plane { s += row[p] }
                    total += s
                }
                dbias[c] += total
            }
        }
    }
}
