import CaffeModel
import NN

/// The shape [C, H, W] of one image's activations between two Caffe layers, and how each layer
/// changes it, with the checks that the layer's weights fit what reaches it.
struct CaffeFeatureShape: Equatable, CustomStringConvertible {
    var channels: Int, height: Int, width: Int

    var count: Int { channels * height * width }
    var description: String { "\(channels)x\(height)x\(width)" }

    /// The shape after `layer`, or a thrown error naming the layer when it cannot take this input.
    func after(_ layer: CaffeLayer, file: String) throws -> CaffeFeatureShape {
        func fail(_ reason: String) -> WeightFileError { .unbuildable(file: file, layer: layer.name, reason: reason) }
        switch layer.kind {
        case .convolution(let c):
            if let weight = layer.blobs.first {
                guard channels % c.groups == 0, weight.count == c.outputChannels * (channels / c.groups) * c.kernelSize.height * c.kernelSize.width else {
                    throw WeightFileError.wrongShape(
                        file: file, tensor: "\(layer.name) weight",
                        expected: "[\(c.outputChannels), \(channels)/\(c.groups), \(c.kernelSize.height), \(c.kernelSize.width)] for the \(self) input",
                        found: weight.shape)
                }
            }
            guard channels % c.groups == 0 else { throw fail("\(channels) input channels do not split into \(c.groups) groups") }
            let kernel = CaffeFeatureShape.dilatedExtent(c)
            let outH = (height + 2 * c.padding.height - kernel.height) / c.stride.height + 1
            let outW = (width + 2 * c.padding.width - kernel.width) / c.stride.width + 1
            guard height + 2 * c.padding.height >= kernel.height, width + 2 * c.padding.width >= kernel.width else {
                throw fail("the \(height)x\(width) input is smaller than the \(kernel) kernel")
            }
            return CaffeFeatureShape(channels: c.outputChannels, height: outH, width: outW)
        case .pooling(let p):
            guard let k = p.kernelSize else {
                guard height == width else { throw fail("global pooling of a \(height)x\(width) plane (only square planes are supported)") }
                return CaffeFeatureShape(channels: channels, height: 1, width: 1)
            }
            guard k.isSquare, p.stride.isSquare, p.padding.isSquare else {
                throw fail("pooling with a non-square kernel, stride or pad (\(k), \(p.stride), \(p.padding)) is not supported")
            }
            guard height + 2 * p.padding.height >= k.height, width + 2 * p.padding.width >= k.width else {
                throw fail("the \(height)x\(width) input is smaller than the \(k) pooling window")
            }
            let rounding: PoolRounding = p.rounding == .ceil ? .ceil : .floor
            func size(_ input: Int) -> Int {
                PoolGeometry.outputSize(inputSize: input, kernel: k.height, stride: p.stride.height,
                                        padding: p.padding.height, rounding: rounding)
            }
            return CaffeFeatureShape(channels: channels, height: size(height), width: size(width))
        case .innerProduct(let ip):
            if let weight = layer.blobs.first, weight.count != ip.outputCount * count {
                throw fail("its weights hold \(weight.count / ip.outputCount) inputs per output, but the \(self) features "
                           + "reaching it hold \(count): the weights do not fit the network's input size")
            }
            return CaffeFeatureShape(channels: ip.outputCount, height: 1, width: 1)
        case .prelu:
            if let slopes = layer.blobs.first, slopes.count != 1, slopes.count != channels {
                throw fail("\(slopes.count) slopes for \(channels) channels")
            }
            return self
        case .batchNorm, .scale:
            if let first = layer.blobs.first, first.count != channels {
                throw fail("\(first.count) per-channel values for \(channels) channels")
            }
            return self
        case .other("Flatten"):
            return CaffeFeatureShape(channels: count, height: 1, width: 1)
        case .relu, .lrn, .dropout, .other:
            return self
        }
    }

    /// The extent a dilated kernel covers: (k − 1) · d + 1 along each axis.
    static func dilatedExtent(_ c: CaffeConvolution) -> CaffeHeightWidth {
        CaffeHeightWidth((c.kernelSize.height - 1) * c.dilation.height + 1, (c.kernelSize.width - 1) * c.dilation.width + 1)
    }
}
