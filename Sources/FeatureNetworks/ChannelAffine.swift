import NN

/// y[n, c] = scale[c] · x[n, source[c]] + shift[c]: the per-channel input conventions of
/// pretrained networks (Caffe's BGR 0–255 minus a mean, torchvision's normalised RGB, LPIPS's
/// [-1, 1] shift and scale), as a layer with its own backward so gradients reach the image.
public final class ChannelAffine: Layer {
    public let source: [Int]
    public let scale: [Float]
    public let shift: [Float]
    private var cachedInputShape: [Int]?

    public init(source: [Int], scale: [Float], shift: [Float]) {
        precondition(source.count == scale.count && scale.count == shift.count,
                     "ChannelAffine: \(source.count) sources, \(scale.count) scales, \(shift.count) shifts")
        self.source = source
        self.scale = scale
        self.shift = shift
    }

    /// Caffe: RGB in [0, 1] → BGR in [0, 255] minus the per-channel mean given in BGR order.
    public static func caffe(meanBGR: [Float]) -> ChannelAffine {
        ChannelAffine(source: [2, 1, 0], scale: [255, 255, 255], shift: meanBGR.map { -$0 })
    }

    /// torchvision: (x − mean) / std per RGB channel.
    public static func torchvision(mean: [Float] = [0.485, 0.456, 0.406],
                                   standardDeviation: [Float] = [0.229, 0.224, 0.225]) -> ChannelAffine {
        ChannelAffine(source: [0, 1, 2], scale: standardDeviation.map { 1 / $0 },
                      shift: zip(mean, standardDeviation).map { -$0 / $1 })
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        precondition(x.rank == 4 && x.shape[1] == source.count, "ChannelAffine: expected [N, \(source.count), H, W], found \(x.shape)")
        if mode == .training { cachedInputShape = x.shape }
        let (batch, channels, plane) = (x.shape[0], x.shape[1], x.shape[2] * x.shape[3])
        var y = Tensor(uninitializedShape: x.shape)
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                Parallel.forEachChunk(batch * channels) { range in
                    for item in range {
                        let n = item / channels, c = item % channels
                        let from = xp.baseAddress! + (n * channels + source[c]) * plane
                        let to = yp.baseAddress! + item * plane
                        let (a, b) = (scale[c], shift[c])
                        for p in 0..<plane { to[p] = a * from[p] + b }
                    }
                }
            }
        }
        return y
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let shape = requireCached(cachedInputShape, "ChannelAffine")
        guard needsInputGradient else { return nil }
        let (batch, channels, plane) = (shape[0], shape[1], shape[2] * shape[3])
        var dx = Tensor(zeros: shape)
        dy.withUnsafeBufferPointer { dyp in
            dx.withUnsafeMutableBufferPointer { dxp in
                // Each output channel reads one source; sources may repeat, so accumulate per image.
                Parallel.forEachChunk(batch) { range in
                    for n in range {
                        for c in 0..<channels {
                            let from = dyp.baseAddress! + (n * channels + c) * plane
                            let to = dxp.baseAddress! + (n * channels + source[c]) * plane
                            let a = scale[c]
                            for p in 0..<plane { to[p] += a * from[p] }
                        }
                    }
                }
            }
        }
        return dx
    }
}
