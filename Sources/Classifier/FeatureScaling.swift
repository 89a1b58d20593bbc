import NN

/// Per-feature standardisation, (x − mean) / standard deviation, with the statistics of the
/// training rows. Networks' activations differ in scale by orders of magnitude (Caffe's 0–255
/// input against torchvision's normalised one), so a head with one learning rate needs this to
/// treat weight sets alike.
public struct FeatureScaling: Sendable, Equatable {
    public let mean: [Float]
    /// 1 where a feature is constant in training (a dead unit), so it maps to 0 rather than ±∞.
    public let standardDeviation: [Float]

    public init(mean: [Float], standardDeviation: [Float]) {
        precondition(mean.count == standardDeviation.count, "\(mean.count) means, \(standardDeviation.count) deviations")
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// Statistics of the columns of `features` [N, D], accumulated in Double.
    public init(fitting features: Tensor) {
        precondition(features.rank == 2 && features.shape[0] > 0, "expected features [N > 0, D], found \(features.shape)")
        let (rows, width) = (features.shape[0], features.shape[1])
        var sum = [Double](repeating: 0, count: width), squares = [Double](repeating: 0, count: width)
        features.withUnsafeBufferPointer { x in
            for row in 0..<rows {
                let base = row * width
                for j in 0..<width {
                    let v = Double(x[base + j])
                    sum[j] += v
                    squares[j] += v * v
                }
            }
        }
        let count = Double(rows)
        let mean = sum.map { $0 / count }
        let deviation = zip(squares, mean).map { squares, mean -> Float in
            let variance = max(0, squares / count - mean * mean)
            return variance > 1e-12 ? Float(variance.squareRoot()) : 1
        }
        self.init(mean: mean.map { Float($0) }, standardDeviation: deviation)
    }

    public func apply(_ features: Tensor) -> Tensor {
        let width = mean.count
        precondition(features.rank == 2 && features.shape[1] == width,
                     "expected features [N, \(width)], found \(features.shape)")
        var result = Tensor(uninitializedShape: features.shape)
        let inverse = standardDeviation.map { 1 / $0 }
        features.withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { y in
                for row in 0..<features.shape[0] {
                    let base = row * width
                    for j in 0..<width { y[base + j] = (x[base + j] - mean[j]) * inverse[j] }
                }
            }
        }
        return result
    }
}
