import NN

extension Image {
    /// Resampled to `width` x `height`, each axis on its own (separable).
    ///
    /// Shrinking averages the exact area each output pixel covers (partial source pixels weighted
    /// by overlap), so large factors such as 533x400 -> 85x64 do not alias and an integer factor
    /// is a plain block mean. Enlarging interpolates bilinearly between pixel centres.
    public func resized(width newWidth: Int, height newHeight: Int) -> Image {
        precondition(newWidth > 0 && newHeight > 0,
                     "cannot resize \(width)x\(height) to \(newWidth)x\(newHeight)")
        if newWidth == width && newHeight == height { return self }
        let horizontal = ResamplingTaps(from: width, to: newWidth)
        let vertical = ResamplingTaps(from: height, to: newHeight)

        // Rows first: [3, height, width] -> [3, height, newWidth].
        var across = [Float](repeating: 0, count: 3 * height * newWidth)
        pixels.withUnsafeBufferPointer { src in
            across.withUnsafeMutableBufferPointer { dst in
                let (src, dst) = (src.baseAddress!, dst.baseAddress!)
                Parallel.forEachChunk(3 * height, minimumChunk: 16) { rows in
                    for row in rows {
                        let input = src + row * width, output = dst + row * newWidth
                        for x in 0..<newWidth {
                            var sum: Float = 0
                            for k in 0..<horizontal.counts[x] {
                                sum += horizontal.weights[x * horizontal.stride + k] * input[horizontal.starts[x] + k]
                            }
                            output[x] = sum
                        }
                    }
                }
            }
        }
        // Then columns: [3, height, newWidth] -> [3, newHeight, newWidth], whole rows at a time.
        var result = [Float](repeating: 0, count: 3 * newHeight * newWidth)
        across.withUnsafeBufferPointer { src in
            result.withUnsafeMutableBufferPointer { dst in
                let (src, dst) = (src.baseAddress!, dst.baseAddress!)
                Parallel.forEachChunk(3 * newHeight, minimumChunk: 16) { rows in
                    for row in rows {
                        let channel = row / newHeight, y = row % newHeight
                        let output = dst + row * newWidth
                        for k in 0..<vertical.counts[y] {
                            let weight = vertical.weights[y * vertical.stride + k]
                            let input = src + (channel * height + vertical.starts[y] + k) * newWidth
                            for x in 0..<newWidth { output[x] += weight * input[x] }
                        }
                    }
                }
            }
        }
        return Image(width: newWidth, height: newHeight, pixels: result)
    }

    /// Scaled so the shorter side is `size`, keeping the aspect ratio (the longer side rounded).
    public func resized(shorterSide size: Int) -> Image {
        precondition(size > 0, "shorter side \(size) must be positive")
        if width <= height {
            return resized(width: size, height: max(1, Int((Double(height) * Double(size) / Double(width)).rounded())))
        }
        return resized(width: max(1, Int((Double(width) * Double(size) / Double(height)).rounded())), height: size)
    }

    /// The usual preprocessing for a square network input: shorter side to `size`, then the centre
    /// `size` x `size` square.
    public func resizedAndCropped(toSquare size: Int) -> Image {
        resized(shorterSide: size).centerCropped(width: size, height: size)
    }
}
