/// Parametric ReLU (He et al. 2015, Caffe's `PReLU`): y = max(x, 0) + a[c] · min(x, 0), with one
/// learned slope per channel, or one for all channels (Caffe's `channel_shared`).
///
/// Parameter `name.weight` holds the slopes, [C] or [1]. Input [N, C, ...].
public final class PReLU: Layer {
    public let slope: Parameter
    public let channels: Int
    private var cachedInput: Tensor?

    /// `channels` 1 shares one slope over every channel of any input.
    public init(channels: Int, initialSlope: Float = 0.25, name: String = "prelu") {
        precondition(channels > 0, "\(name): channels must be positive, found \(channels)")
        self.channels = channels
        slope = Parameter(name: "\(name).weight", value: Tensor(repeating: initialSlope, shape: [channels]))
    }

    public var parameters: [Parameter] { [slope] }

    /// (images, channels, plane) of an input, checked against the slopes.
    private func layout(_ shape: [Int]) -> (images: Int, channels: Int, plane: Int) {
        precondition(shape.count >= 2 && (channels == 1 || shape[1] == channels),
                     "\(slope.name): expected input [N, \(channels), ...], found \(shape)")
        return (shape[0], shape[1], shape.dropFirst(2).reduce(1, *))
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let (images, c, plane) = layout(x.shape)
        if mode == .training { cachedInput = x }
        var y = Tensor(uninitializedShape: x.shape)
        let a = slope.value.scalars
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                Parallel.forEachChunk(images * c) { range in
                    for item in range {
                        let s = a[channels == 1 ? 0 : item % c]
                        for i in item * plane ..< (item + 1) * plane {
                            let v = xp[i]
                            yp[i] = v > 0 ? v : s * v
                        }
                    }
                }
            }
        }
        return y
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let x = requireCached(cachedInput, slope.name)
        requireShape(dy.shape, x.shape, "\(slope.name).backward dy")
        defer { cachedInput = nil }
        let (images, c, plane) = layout(x.shape)
        let a = slope.value.scalars
        if !slope.isFrozen {
            // dL/da[c] = Σ dy · x over the inputs below zero (summed in Double: many terms).
            var sums = [Double](repeating: 0, count: channels)
            x.withUnsafeBufferPointer { xp in
                dy.withUnsafeBufferPointer { dyp in
                    for item in 0..<(images * c) {
                        var sum = 0.0
                        for i in item * plane ..< (item + 1) * plane where xp[i] <= 0 {
                            sum += Double(dyp[i]) * Double(xp[i])
                        }
                        sums[channels == 1 ? 0 : item % c] += sum
                    }
                }
            }
            slope.gradient.withUnsafeMutableBufferPointer { g in
                for k in 0..<channels { g[k] += Float(sums[k]) }
            }
        }
        guard needsInputGradient else { return nil }
        var dx = Tensor(uninitializedShape: x.shape)
        x.withUnsafeBufferPointer { xp in
            dy.withUnsafeBufferPointer { dyp in
                dx.withUnsafeMutableBufferPointer { dxp in
                    Parallel.forEachChunk(images * c) { range in
                        for item in range {
                            let s = a[channels == 1 ? 0 : item % c]
                            for i in item * plane ..< (item + 1) * plane {
                                dxp[i] = xp[i] > 0 ? dyp[i] : s * dyp[i]
                            }
                        }
                    }
                }
            }
        }
        return dx
    }
}
