extension Image {
    /// The `width` x `height` window at (`x`, `y`).
    public func cropped(x: Int, y: Int, width newWidth: Int, height newHeight: Int) -> Image {
        precondition(x >= 0 && y >= 0 && newWidth > 0 && newHeight > 0 && x + newWidth <= width && y + newHeight <= height,
                     "crop \(newWidth)x\(newHeight) at (\(x), \(y)) does not fit in \(width)x\(height)")
        var result = [Float](repeating: 0, count: 3 * newWidth * newHeight)
        for c in 0..<3 {
            for row in 0..<newHeight {
                let source = (c * height + y + row) * width + x
                let target = (c * newHeight + row) * newWidth
                result[target..<target + newWidth] = pixels[source..<source + newWidth]
            }
        }
        return Image(width: newWidth, height: newHeight, pixels: result)
    }

    /// The central `width` x `height` window (an odd margin leaves the extra pixel on the right/bottom).
    public func centerCropped(width newWidth: Int, height newHeight: Int) -> Image {
        precondition(newWidth <= width && newHeight <= height,
                     "centre crop \(newWidth)x\(newHeight) is larger than \(width)x\(height)")
        return cropped(x: (width - newWidth) / 2, y: (height - newHeight) / 2, width: newWidth, height: newHeight)
    }

    /// Mirrored left to right (the usual training augmentation).
    public func flippedHorizontally() -> Image {
        var result = pixels
        for row in 0..<3 * height {
            result[row * width..<(row + 1) * width].reverse()
        }
        return Image(width: width, height: height, pixels: result)
    }
}
