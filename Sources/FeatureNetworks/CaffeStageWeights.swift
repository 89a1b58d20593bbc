import CaffeModel
import NN

/// Builds the layers that carry weights from a Caffe layer's blobs, or, for a random control,
/// leaves the seeded initialisation. Blob shapes were checked against the input when the shapes
/// were walked (`CaffeFeatureShape`); V1 files store legacy 4-D shapes (bias [1, 1, 1, out]), so
/// only element counts are relied on here.
struct CaffeStageWeights {
    let file: String
    let useFileWeights: Bool

    private func blobs(_ layer: CaffeLayer, count: Int) throws -> [CaffeBlob]? {
        guard useFileWeights else { return nil }
        guard layer.blobs.count >= count else {
            throw WeightFileError.unbuildable(file: file, layer: layer.name,
                                              reason: layer.blobs.isEmpty ? "has no weights" : "has \(layer.blobs.count) blobs, expected \(count)")
        }
        return layer.blobs
    }

    /// A dilated convolution runs as a plain one whose kernel has d − 1 zeros between taps: the
    /// same products (the zeros add nothing), with no dilated im2col to maintain.
    func convolution(_ layer: CaffeLayer, _ c: CaffeConvolution, input: CaffeFeatureShape,
                     generator: inout SeededGenerator) throws -> Conv2D {
        let extent = CaffeFeatureShape.dilatedExtent(c)
        let conv = Conv2D(inputChannels: input.channels, outputChannels: c.outputChannels,
                          kernel: (extent.height, extent.width), stride: (c.stride.height, c.stride.width),
                          padding: (c.padding.height, c.padding.width), groups: c.groups, bias: c.hasBias,
                          name: layer.name, generator: &generator)
        guard let blobs = try blobs(layer, count: c.hasBias ? 2 : 1) else { return conv }
        let perGroup = input.channels / c.groups
        conv.weight.value = Self.dilated(blobs[0].data, outputs: c.outputChannels * perGroup, kernel: c.kernelSize,
                                         dilation: c.dilation, shape: conv.weight.value.shape)
        if let bias = conv.bias { bias.value = Tensor(shape: [c.outputChannels], scalars: blobs[1].data) }
        return conv
    }

    /// [planes][kH][kW] taps spread to [planes][(kH-1)dH+1][(kW-1)dW+1] with zeros between.
    static func dilated(_ taps: [Float], outputs planes: Int, kernel: CaffeHeightWidth, dilation: CaffeHeightWidth,
                        shape: [Int]) -> Tensor {
        guard dilation != CaffeHeightWidth(square: 1) else { return Tensor(shape: shape, scalars: taps) }
        let (eh, ew) = (shape[2], shape[3])
        var spread = [Float](repeating: 0, count: planes * eh * ew)
        for p in 0..<planes {
            for ky in 0..<kernel.height {
                for kx in 0..<kernel.width {
                    spread[(p * eh + ky * dilation.height) * ew + kx * dilation.width] =
                        taps[(p * kernel.height + ky) * kernel.width + kx]
                }
            }
        }
        return Tensor(shape: shape, scalars: spread)
    }

    func innerProduct(_ layer: CaffeLayer, _ ip: CaffeInnerProduct, inputFeatures: Int,
                      generator: inout SeededGenerator) throws -> Linear {
        guard ip.axis == 1 else {
            throw WeightFileError.unbuildable(file: file, layer: layer.name, reason: "InnerProduct over axis \(ip.axis) (only 1)")
        }
        let linear = Linear(inputFeatures: inputFeatures, outputFeatures: ip.outputCount, bias: ip.hasBias,
                            name: layer.name, generator: &generator)
        guard let blobs = try blobs(layer, count: ip.hasBias ? 2 : 1) else { return linear }
        var weight = blobs[0].data
        if ip.isTransposed {   // stored [in, out]
            weight = (0..<(ip.outputCount * inputFeatures)).map { i in
                blobs[0].data[(i % inputFeatures) * ip.outputCount + i / inputFeatures]
            }
        }
        linear.weight.value = Tensor(shape: [ip.outputCount, inputFeatures], scalars: weight)
        if let bias = linear.bias { bias.value = Tensor(shape: [ip.outputCount], scalars: blobs[1].data) }
        return linear
    }

    func prelu(_ layer: CaffeLayer, channels: Int) throws -> PReLU {
        let prelu = PReLU(channels: channels, name: layer.name)
        if let blobs = try blobs(layer, count: 1) {
            guard blobs[0].count == channels else {
                throw WeightFileError.unbuildable(file: file, layer: layer.name, reason: "\(blobs[0].count) slopes for \(channels) channels")
            }
            prelu.slope.value = Tensor(shape: [channels], scalars: blobs[0].data)
        }
        return prelu
    }

    /// BatchNorm, then Scale, as one per-channel affine y = a·x + b. Caffe's BatchNorm keeps the
    /// sums of its moving averages and their weight (blob 2): mean and variance are blobs 0 and 1
    /// divided by it, or zero when it is zero (batch_norm_layer.cpp).
    func normalisation(_ batchNorm: CaffeLayer?, epsilon: Float, scale: CaffeLayer?, channels: Int) throws -> ChannelAffine {
        var a = [Float](repeating: 1, count: channels), b = [Float](repeating: 0, count: channels)
        if let batchNorm, let blobs = try blobs(batchNorm, count: 3) {
            let stored = Double(blobs[2].data[0])
            let factor = stored == 0 ? 0 : 1 / stored
            for c in 0..<channels {
                let mean = Double(blobs[0].data[c]) * factor, variance = Double(blobs[1].data[c]) * factor
                let inverse = 1 / (variance + Double(epsilon)).squareRoot()
                a[c] = Float(inverse)
                b[c] = Float(-mean * inverse)
            }
        }
        if let scale, case .scale(let hasBias) = scale.kind, let blobs = try blobs(scale, count: hasBias ? 2 : 1) {
            for c in 0..<channels {
                let gamma = blobs[0].data[c]
                a[c] *= gamma
                b[c] = b[c] * gamma + (hasBias ? blobs[1].data[c] : 0)
            }
        }
        return ChannelAffine(source: Array(0..<channels), scale: a, shift: b)
    }
}
