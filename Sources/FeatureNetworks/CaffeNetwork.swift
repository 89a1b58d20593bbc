import CaffeModel
import Foundation
import NN

/// Any feed-forward network stored as a `.caffemodel` (V1 or V2 layers), built from the layer
/// definitions the file keeps beside its blobs: AlexNet's order (relu, norm, pool) and CaffeNet's
/// (relu, pool, norm), VGG, LeNet, cifar10_full, networks with PReLU or BatchNorm + Scale. Each
/// stage is named after its layer. Data, softmax and loss layers are skipped and Dropout is the
/// identity (see `CaffeLayerChain`); a branching network or an unknown layer type is an error
/// naming the layer.
///
/// The input is [channels, size, size]: channels from the declared input or the first
/// convolution's weights; size from, in order, the data layer's `crop_size`, the declared input
/// (`input_dim` / `input_shape`), the square inputs that the inner-product weights fit, and
/// AlexNet's 227 for a network without any. With ceil rounding several sizes fit (LeNet's
/// weights fit 27 and 28, cifar10_full's 29 to 40): the smallest multiple of 4 among them is
/// taken, as datasets come in such sizes (MNIST's 28, CIFAR's 32), else the smallest.
public enum CaffeNetwork {
    public static let defaultInputSize = 227

    /// `meanBGR` overrides the file's mean (a weight set's mean file). With `randomSeed`, the
    /// file gives only the architecture: weights are drawn from the seeded generator (PReLU
    /// slopes 0.25, BatchNorm and Scale the identity), a control with the same shape.
    public static func network(from net: CaffeNet, file: String, name: String, meanBGR: [Float]? = nil,
                               randomSeed: UInt64? = nil) throws -> FeatureNetwork {
        let chain = try CaffeLayerChain(net: net, file: file)
        for layer in chain.layers where !isBuilt(layer) && !isIdentity(layer) {
            throw WeightFileError.unsupportedLayer(file: file, layer: layer.name, type: layer.kind.typeName)
        }
        let channels = try inputChannels(net, chain, file: file)
        let size = try inputSize(net, chain, channels: channels, file: file)
        let convention = try CaffeInputConvention(channels: channels, transform: chain.transform, meanBGR: meanBGR,
                                                  modelFile: file)
        var stages: [FeatureNetwork.Stage] = convention.greyStage.map { [$0] } ?? []
        var shape = CaffeFeatureShape(channels: channels, height: size, width: size)
        var generator = SeededGenerator(seed: randomSeed ?? 0)
        let weights = CaffeStageWeights(file: file, useFileWeights: randomSeed == nil)
        var index = 0
        while index < chain.layers.count {
            let layer = chain.layers[index]
            let next = chain.layers.indices.contains(index + 1) ? chain.layers[index + 1] : nil
            index += 1
            let input = shape
            shape = try shape.after(layer, file: file)
            guard !isIdentity(layer) else { continue }
            guard !stages.contains(where: { $0.name == layer.name }) else {
                throw WeightFileError.unbuildable(file: file, layer: layer.name, reason: "a second layer of this name")
            }
            let built: Layer
            switch layer.kind {
            case .convolution(let c):
                built = try weights.convolution(layer, c, input: input, generator: &generator)
            case .relu(let slope):
                guard slope >= 0 else {
                    throw WeightFileError.unbuildable(file: file, layer: layer.name, reason: "negative_slope \(slope) < 0 is not supported")
                }
                built = slope == 0 ? ReLU() : LeakyReLU(negativeSlope: slope)
            case .prelu(let shared):
                built = try weights.prelu(layer, channels: shared ? 1 : input.channels)
            case .lrn(let l):
                switch l.region {
                case .acrossChannels: built = LocalResponseNorm(size: l.size, alpha: l.alpha, beta: l.beta, k: l.k)
                case .withinChannel: built = WithinChannelLRN(size: l.size, alpha: l.alpha, beta: l.beta)
                }
            case .pooling(let p):
                built = pooling(p, input: input)
            case .innerProduct(let ip):
                built = try weights.innerProduct(layer, ip, inputFeatures: input.count, generator: &generator)
            case .batchNorm(let epsilon):
                // A Scale reading BatchNorm's output folds into the same per-channel affine.
                var scale: CaffeLayer?
                if let next, case .scale = next.kind, next.bottoms.isEmpty || next.bottoms == layer.tops {
                    scale = next
                    index += 1
                }
                built = try weights.normalisation(layer, epsilon: epsilon, scale: scale, channels: input.channels)
            case .scale:
                built = try weights.normalisation(nil, epsilon: 0, scale: layer, channels: input.channels)
            case .dropout, .other:
                preconditionFailure("\(layer.name): identities and unknown types are handled above")
            }
            stages.append(FeatureNetwork.Stage(name: layer.name, layer: built))
        }
        guard stages.contains(where: { $0.layer is Conv2D && $0.name != "grey" }) else {
            throw WeightFileError.notAnAlexNet(file: file, reason: "no convolution layers")
        }
        return FeatureNetwork(name: name, preprocessing: convention.affine, stages: stages, nativeInputSize: size)
    }

    private static func isIdentity(_ layer: CaffeLayer) -> Bool {
        switch layer.kind {
        case .dropout, .other("Flatten"): return true
        default: return false
        }
    }

    private static func isBuilt(_ layer: CaffeLayer) -> Bool {
        if case .other = layer.kind { return false }
        return true
    }

    private static func pooling(_ p: CaffePooling, input: CaffeFeatureShape) -> Layer {
        let rounding: PoolRounding = p.rounding == .ceil ? .ceil : .floor
        // Global pooling: the window is the whole (square) plane.
        let kernel = p.kernelSize?.height ?? input.height
        switch p.method {
        case .max: return MaxPool2D(kernelSize: kernel, stride: p.stride.height, padding: p.padding.height, rounding: rounding)
        case .average: return AveragePool2D(kernelSize: kernel, stride: p.stride.height, padding: p.padding.height, rounding: rounding)
        }
    }

    /// The declared input's channels, else those the first convolution's weights read.
    private static func inputChannels(_ net: CaffeNet, _ chain: CaffeLayerChain, file: String) throws -> Int {
        if let shape = net.inputs.first?.shape, shape.count == 4 { return shape[1] }
        for layer in chain.layers {
            guard case .convolution(let c) = layer.kind else { continue }
            guard let weight = layer.blobs.first else { break }
            return weight.count / (c.outputChannels * c.kernelSize.height * c.kernelSize.width) * c.groups
        }
        return 3
    }

    private static func inputSize(_ net: CaffeNet, _ chain: CaffeLayerChain, channels: Int, file: String) throws -> Int {
        /// Throws naming the first layer whose weights do not fit.
        func walk(_ size: Int) throws {
            var shape = CaffeFeatureShape(channels: channels, height: size, width: size)
            for layer in chain.layers { shape = try shape.after(layer, file: file) }
        }
        var declared: Int?
        if let crop = chain.transform?.cropSize, crop > 0 {
            declared = crop
        } else if let shape = net.inputs.first?.shape, shape.count == 4 {
            guard shape[2] == shape[3] else {
                throw WeightFileError.unbuildable(file: file, layer: net.inputs[0].name,
                                                  reason: "a \(shape[2])x\(shape[3]) input (only square inputs are supported)")
            }
            declared = shape[2]
        }
        if let declared {
            try walk(declared)   // throws naming the first layer whose weights do not fit
            return declared
        }
        let hasFullyConnectedWeights = chain.layers.contains {
            if case .innerProduct = $0.kind { return !$0.blobs.isEmpty }
            return false
        }
        guard hasFullyConnectedWeights else { return defaultInputSize }
        let fitting = (1...1024).filter { (try? walk($0)) != nil }
        if let size = fitting.first(where: { $0 % 4 == 0 }) ?? fitting.first { return size }
        try walk(defaultInputSize)   // no size fits: the error at AlexNet's size names the layer
        return defaultInputSize
    }
}
