/// Per-channel bias over NCHW data. The gradient spreads its channels over the workers itself;
/// `add` runs on the caller's thread.
enum ChannelBias {
    /// c[ch · rowStride + p] += bias[ch] for p < columns, every channel of `bias` (none if empty).
    static func add(_ bias: [Float], to c: UnsafeMutablePointer<Float>, columns: Int, rowStride: Int) {
        for (channel, value) in bias.enumerated() {
            ScalarRuns.increase(c + channel * rowStride, by: value, count: columns)
        }
    }

    /// dbias[c] += Σ_{n,p} dy[n, c, p]. Each channel sums in a fixed order, so results are reproducible.
    static func accumulateGradient(_ dy: UnsafePointer<Float>, into dbias: UnsafeMutablePointer<Float>,
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
