/// im2col and col2im over a chunk of images. These run sequentially (`BatchPlan` runs chunks on
/// the cores in parallel).
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
        guard !rows.isEmpty else { return }
        let block = rows.count * outputWidth
        let rowLength = images * block
        let phases = PaddedPhases(self), rowStep = strideHeight * phases.phaseWidth
        let paddedRows = rows.lowerBound * strideHeight..<((rows.upperBound - 1) * strideHeight + kernelHeight)
        let firstRow = rows.lowerBound * strideHeight
        let windowStarts = (0..<kernelHeight).flatMap { i in
            (0..<kernelWidth).map { j in phases.offset(row: firstRow + i, column: j) }
        }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: phases.count) { scratch in
            let padded = scratch.baseAddress!
            ScalarRuns.fill(padded, with: 0, count: phases.count)   // the padding, for every plane
            for item in 0..<(images * channels) {
                let n = item / channels, c = item % channels
                phases.split(x + item * inputPlane, into: padded, rows: paddedRows)
                for i in 0..<kernelHeight {
                    for j in 0..<kernelWidth {
                        let row = (c * kernelHeight + i) * kernelWidth + j
                        var source = padded + windowStarts[i * kernelWidth + j]
                        var out = columns + row * rowLength + n * block
                        for _ in rows {
                            ScalarRuns.copy(source, to: out, count: outputWidth)
                            source += rowStep
                            out += outputWidth
                        }
                    }
                }
            }
        }
    }

    /// columns [columnRows, images * outputPlane] → x: [images, channels, height, width],
    /// summing the contributions of overlapping windows, plus `bias[c]` on channel c (none if
    /// `bias` is empty). Overwrites x.
    public func col2im(_ columns: UnsafePointer<Float>, images: Int, into x: UnsafeMutablePointer<Float>,
                       adding bias: [Float] = []) {
        let rowLength = images * outputPlane
        let phases = PaddedPhases(self), rowStep = strideHeight * phases.phaseWidth
        let windowStarts = (0..<kernelHeight).flatMap { i in (0..<kernelWidth).map { j in phases.offset(row: i, column: j) } }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: phases.count) { scratch in
            let padded = scratch.baseAddress!
            for item in 0..<(images * channels) {
                let n = item / channels, c = item % channels
                ScalarRuns.fill(padded, with: 0, count: phases.count)
                for i in 0..<kernelHeight {
                    for j in 0..<kernelWidth {
                        let row = (c * kernelHeight + i) * kernelWidth + j
                        var source = columns + row * rowLength + n * outputPlane
                        var target = padded + windowStarts[i * kernelWidth + j]
                        for _ in 0..<outputHeight {
                            ScalarRuns.add(source, to: target, count: outputWidth)
                            source += outputWidth
                            target += rowStep
                        }
                    }
                }
                phases.merge(padded, into: x + item * inputPlane, adding: bias.isEmpty ? 0 : bias[c])
            }
        }
    }
}
