import CaffeModel
import Foundation
import NN

/// A network built from the layer definitions stored in a `.caffemodel` (V1 or V2 layers), so
/// AlexNet's order (relu, norm, pool), CaffeNet's and Places205's (relu, pool, norm), groups and
/// LRN parameters all come from the file itself. Data, loss and softmax layers are skipped;
/// dropout is the identity for a frozen network. The input size is the file's declared input
/// (`input_dim` / `input_shape`) when it has one, else AlexNet's 227; fc6's weights must fit it.
public enum CaffeAlexNet {
    public static let defaultInputSize = 227

    public static func network(from net: CaffeNet, file: String, name: String, meanBGR: [Float]) throws -> FeatureNetwork {
        let inputSize = net.inputs.first?.shape?.last ?? defaultInputSize
        var specs: [LayerSpec] = []
        var weights: [String: StageWeights] = [:]
        func unsupported(_ layer: CaffeLayer, _ what: String) -> Error {
            WeightFileError.notAnAlexNet(file: file, reason: "layer \(layer.name): \(what)")
        }
        for layer in net.layers {
            switch layer.kind {
            case .convolution(let c):
                guard c.kernelSize.isSquare, c.stride.isSquare, c.padding.isSquare else {
                    throw unsupported(layer, "non-square convolution \(c.kernelSize)/\(c.stride)/\(c.padding)")
                }
                specs.append(.convolution(name: layer.name, outputChannels: c.outputChannels,
                                          kernelSize: c.kernelSize.height, stride: c.stride.height,
                                          padding: c.padding.height, groups: c.groups))
                weights[layer.name] = try stageWeights(layer, file: file, hasBias: c.hasBias, outputs: c.outputChannels,
                                                       kernel: c.kernelSize.height)
            case .relu(let slope):
                guard slope == 0 else { throw unsupported(layer, "leaky ReLU (negative_slope \(slope))") }
                specs.append(.relu(name: layer.name))
            case .lrn(let l):
                specs.append(.localResponseNorm(name: layer.name, size: l.size, alpha: l.alpha, beta: l.beta, k: l.k))
            case .pooling(let p):
                guard p.method == .max else { throw unsupported(layer, "average pooling") }
                guard let k = p.kernelSize, k.isSquare, p.stride.isSquare, p.padding.isSquare else {
                    throw unsupported(layer, "global or non-square pooling")
                }
                specs.append(.maxPool(name: layer.name, kernelSize: k.height, stride: p.stride.height,
                                      padding: p.padding.height, rounding: p.rounding == .ceil ? .ceil : .floor))
            case .innerProduct(let ip):
                guard !ip.isTransposed, ip.axis == 1 else { throw unsupported(layer, "transposed or axis≠1 InnerProduct") }
                specs.append(.innerProduct(name: layer.name, outputs: ip.outputCount))
                weights[layer.name] = try stageWeights(layer, file: file, hasBias: ip.hasBias, outputs: ip.outputCount,
                                                       kernel: nil)
            case .dropout, .other:
                continue
            }
        }
        guard specs.contains(where: { if case .convolution = $0 { return true } else { return false } }) else {
            throw WeightFileError.notAnAlexNet(file: file, reason: "no convolution layers")
        }
        return try FeatureNetwork(name: name, file: file, specs: specs, preprocessing: .caffe(meanBGR: meanBGR),
                                  nativeInputSize: inputSize) { stage in weights[stage] }
    }

    /// Blobs to tensors: V1 files store legacy 4-D shapes (bias [1, 1, 1, out], fc weights
    /// [1, 1, out, in]), so shapes are rebuilt from the element counts and checked by the builder.
    private static func stageWeights(_ layer: CaffeLayer, file: String, hasBias: Bool, outputs: Int,
                                     kernel: Int?) throws -> StageWeights {
        guard let w = layer.blobs.first else {
            throw WeightFileError.notAnAlexNet(file: file, reason: "layer \(layer.name) has no weights")
        }
        let perOutput = w.count / max(1, outputs)
        let weightShape = kernel.map { [outputs, perOutput / ($0 * $0), $0, $0] } ?? [outputs, perOutput]
        guard perOutput * outputs == w.count, weightShape.reduce(1, *) == w.count else {
            throw WeightFileError.wrongShape(file: file, tensor: "\(layer.name) weights",
                                             expected: "\(outputs) outputs", found: w.shape)
        }
        var bias: Tensor?
        if hasBias {
            guard layer.blobs.count >= 2, layer.blobs[1].count == outputs else {
                throw WeightFileError.wrongShape(file: file, tensor: "\(layer.name) bias", expected: "[\(outputs)]",
                                                 found: layer.blobs.count >= 2 ? layer.blobs[1].shape : [])
            }
            bias = Tensor(shape: [outputs], scalars: layer.blobs[1].data)
        }
        return StageWeights(weight: Tensor(shape: weightShape, scalars: w.data), bias: bias)
    }
}
