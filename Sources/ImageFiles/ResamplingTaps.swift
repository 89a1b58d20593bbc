/// Per output pixel along one axis: the first source index and the weights of consecutive source
/// pixels (at most `stride` of them), summing to 1.
struct ResamplingTaps {
    var starts: [Int] = [], counts: [Int] = []
    var weights: [Float] = []   // [output, stride]
    let stride: Int

    init(from input: Int, to output: Int) {
        let scale = Double(input) / Double(output)
        if scale >= 1 {
            // Area average: output pixel o covers source [o * scale, (o + 1) * scale).
            stride = Int(scale.rounded(.up)) + 1
            weights = [Float](repeating: 0, count: output * stride)
            for o in 0..<output {
                let low = Double(o) * scale, high = min(Double(o + 1) * scale, Double(input))
                let first = Int(low.rounded(.down)), last = min(Int(high.rounded(.up)), input) - 1
                var taps = [Double]()
                for i in first...last {
                    taps.append(min(high, Double(i + 1)) - max(low, Double(i)))
                }
                let total = taps.reduce(0, +)
                starts.append(first)
                counts.append(taps.count)
                for (k, tap) in taps.enumerated() { weights[o * stride + k] = Float(tap / total) }
            }
        } else {
            // Bilinear between the two source centres around the output centre, clamped at edges.
            stride = 2
            weights = [Float](repeating: 0, count: output * stride)
            for o in 0..<output {
                let centre = min(max((Double(o) + 0.5) * scale - 0.5, 0), Double(input - 1))
                let first = min(Int(centre.rounded(.down)), max(0, input - 2))
                let t = centre - Double(first)
                starts.append(first)
                if input == 1 {
                    counts.append(1)
                    weights[o * stride] = 1
                } else {
                    counts.append(2)
                    weights[o * stride] = Float(1 - t)
                    weights[o * stride + 1] = Float(t)
                }
            }
        }
    }
}
