/// Moves between NCHW [images, channels, plane] and channel-major [channels, images * plane].
enum ChannelMajor {
    /// dest[c, n * plane + p] = source[n, c, p].
    static func gather(_ source: UnsafePointer<Float>, images: Int, channels: Int, plane: Int,
                              into dest: UnsafeMutablePointer<Float>) {
        for item in 0..<(images * channels) {
            let n = item / channels, c = item % channels
            (dest + c * images * plane + n * plane).update(from: source + item * plane, count: plane)
        }
    }

    /// Images `images` of the NCHW batch x as [channels, images * plane]: in place for one image,
    /// else gathered into `stage`.
    static func chunk(_ x: UnsafePointer<Float>, images: Range<Int>, channels: Int, plane: Int,
                             stage: Workspace) -> UnsafePointer<Float> {
        let first = x + images.lowerBound * channels * plane
        if images.count == 1 { return first }
        let buffer = stage.buffer(count: channels * images.count * plane)
        gather(first, images: images.count, channels: channels, plane: plane, into: buffer)
        return UnsafePointer(buffer)
    }

    /// dest[n, c, p] = source[c, n * plane + p] (+ bias[c] if `bias` is not empty).
    static func scatter(_ source: UnsafePointer<Float>, images: Int, channels: Int, plane: Int,
                               into dest: UnsafeMutablePointer<Float>, adding bias: [Float] = []) {
        for item in 0..<(images * channels) {
            let n = item / channels, c = item % channels
            ScalarRuns.copy(source + c * images * plane + n * plane, to: dest + item * plane, count: plane,
                            adding: bias.isEmpty ? 0 : bias[c])
        }
    }
}
