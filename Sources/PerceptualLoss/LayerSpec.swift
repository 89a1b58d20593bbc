import NN

/// One stage of a feed-forward image network, as weight files describe it (Caffe stores these
/// definitions beside its blobs). Built into layers by `FeatureNetwork.init(name:specs:...)`.
public enum LayerSpec: Equatable, Sendable {
    case convolution(name: String, outputChannels: Int, kernelSize: Int, stride: Int, padding: Int, groups: Int)
    case relu(name: String)
    case localResponseNorm(name: String, size: Int, alpha: Float, beta: Float, k: Float)
    case maxPool(name: String, kernelSize: Int, stride: Int, padding: Int, rounding: PoolRounding)
    case innerProduct(name: String, outputs: Int)

    public var name: String {
        switch self {
        case let .convolution(name, _, _, _, _, _), let .relu(name), let .localResponseNorm(name, _, _, _, _),
             let .maxPool(name, _, _, _, _), let .innerProduct(name, _):
            return name
        }
    }
}

/// Weights for the convolution and inner-product stages, by stage name.
public struct StageWeights {
    public var weight: Tensor
    public var bias: Tensor?

    public init(weight: Tensor, bias: Tensor?) {
        self.weight = weight
        self.bias = bias
    }
}

extension FeatureNetwork {
    /// Builds the stages from specs for images of `inputChannels` channels. `weights(name)` gives a
    /// stage's weights; nil leaves the seeded random initialisation (a random control network).
    /// Shapes are checked against the specs, and a wrong one names the stage and `file`.
    public convenience init(name: String, file: String? = nil, specs: [LayerSpec], inputChannels: Int = 3,
                            preprocessing: ChannelAffine, nativeInputSize: Int, seed: UInt64 = 0,
                            weights: (String) throws -> StageWeights?) throws {
        var generator = SeededGenerator(seed: seed)
        let source = file ?? name
        var stages: [Stage] = []
        var channels = inputChannels
        var spatial = nativeInputSize
        func install(_ parameters: (weight: Parameter, bias: Parameter?), _ loaded: StageWeights?, stage: String) throws {
            guard let loaded else { return }
            guard loaded.weight.shape == parameters.weight.value.shape else {
                throw WeightFileError.wrongShape(file: source, tensor: "\(stage) weight",
                                                 expected: "\(parameters.weight.value.shape)", found: loaded.weight.shape)
            }
            parameters.weight.value = loaded.weight
            if let bias = parameters.bias {
                guard let b = loaded.bias, b.shape == bias.value.shape else {
                    throw WeightFileError.wrongShape(file: source, tensor: "\(stage) bias",
                                                     expected: "\(bias.value.shape)", found: loaded.bias?.shape ?? [])
                }
                bias.value = b
            }
        }
        for spec in specs {
            switch spec {
            case let .convolution(stage, outputs, kernel, stride, padding, groups):
                guard channels % groups == 0, outputs % groups == 0 else {
                    throw WeightFileError.notAnAlexNet(file: source, reason: "\(stage): \(channels)->\(outputs) channels in \(groups) groups")
                }
                let conv = Conv2D(inputChannels: channels, outputChannels: outputs, kernelSize: kernel, stride: stride,
                                  padding: padding, groups: groups, name: stage, generator: &generator)
                try install((conv.weight, conv.bias), weights(stage), stage: stage)
                stages.append(Stage(name: stage, layer: conv))
                channels = outputs
                spatial = (spatial + 2 * padding - kernel) / stride + 1
            case let .relu(stage):
                stages.append(Stage(name: stage, layer: ReLU()))
            case let .localResponseNorm(stage, size, alpha, beta, k):
                stages.append(Stage(name: stage, layer: LocalResponseNorm(size: size, alpha: alpha, beta: beta, k: k)))
            case let .maxPool(stage, kernel, stride, padding, rounding):
                stages.append(Stage(name: stage, layer: MaxPool2D(kernelSize: kernel, stride: stride, padding: padding,
                                                                  rounding: rounding)))
                spatial = MaxPool2D.outputSize(inputSize: spatial, kernelSize: kernel, stride: stride,
                                               padding: padding, rounding: rounding)
            case let .innerProduct(stage, outputs):
                // Flattens C×H×W at the native input size, as Caffe's InnerProduct does.
                let features = channels * spatial * spatial
                let linear = Linear(inputFeatures: features, outputFeatures: outputs, name: stage, generator: &generator)
                try install((linear.weight, linear.bias), weights(stage), stage: stage)
                stages.append(Stage(name: stage, layer: linear))
                channels = outputs
                spatial = 1
            }
        }
        self.init(name: name, preprocessing: preprocessing, stages: stages, nativeInputSize: nativeInputSize)
    }
}

/// The BVLC reference AlexNet and CaffeNet definitions (the layouts of `bvlc_alexnet.caffemodel`
/// and of Places205-AlexNet), for random control networks, benchmarks and tests. Real weight
/// files bring their own definitions (see `CaffeAlexNet`).
public enum ReferenceAlexNet {
    public enum Order: Sendable {
        /// BVLC AlexNet: relu → norm → pool.
        case alexnet
        /// CaffeNet and Places205-AlexNet: relu → pool → norm.
        case caffenet
    }

    public static func specs(order: Order, throughFC7: Bool = true) -> [LayerSpec] {
        let lrn1 = LayerSpec.localResponseNorm(name: "norm1", size: 5, alpha: 1e-4, beta: 0.75, k: 1)
        let lrn2 = LayerSpec.localResponseNorm(name: "norm2", size: 5, alpha: 1e-4, beta: 0.75, k: 1)
        let pool1 = LayerSpec.maxPool(name: "pool1", kernelSize: 3, stride: 2, padding: 0, rounding: .ceil)
        let pool2 = LayerSpec.maxPool(name: "pool2", kernelSize: 3, stride: 2, padding: 0, rounding: .ceil)
        var specs: [LayerSpec] = [
            .convolution(name: "conv1", outputChannels: 96, kernelSize: 11, stride: 4, padding: 0, groups: 1),
            .relu(name: "relu1"),
        ]
        specs += order == .alexnet ? [lrn1, pool1] : [pool1, lrn1]
        specs += [.convolution(name: "conv2", outputChannels: 256, kernelSize: 5, stride: 1, padding: 2, groups: 2),
                  .relu(name: "relu2")]
        specs += order == .alexnet ? [lrn2, pool2] : [pool2, lrn2]
        specs += [
            .convolution(name: "conv3", outputChannels: 384, kernelSize: 3, stride: 1, padding: 1, groups: 1),
            .relu(name: "relu3"),
            .convolution(name: "conv4", outputChannels: 384, kernelSize: 3, stride: 1, padding: 1, groups: 2),
            .relu(name: "relu4"),
            .convolution(name: "conv5", outputChannels: 256, kernelSize: 3, stride: 1, padding: 1, groups: 2),
            .relu(name: "relu5"),
            .maxPool(name: "pool5", kernelSize: 3, stride: 2, padding: 0, rounding: .ceil),
            .innerProduct(name: "fc6", outputs: 4096),
            .relu(name: "relu6"),
        ]
        if throughFC7 { specs += [.innerProduct(name: "fc7", outputs: 4096), .relu(name: "relu7")] }
        return specs
    }

    /// The mean BGR pixel of ImageNet used by Caffe's AlexNet models.
    public static let imagenetMeanBGR: [Float] = [104, 117, 123]

    /// A seeded, untrained Caffe-layout AlexNet at 227x227.
    public static func random(order: Order = .alexnet, seed: UInt64, throughFC7: Bool = true) throws -> FeatureNetwork {
        try FeatureNetwork(name: "random", specs: specs(order: order, throughFC7: throughFC7),
                           preprocessing: .caffe(meanBGR: imagenetMeanBGR), nativeInputSize: 227, seed: seed) { _ in nil }
    }
}
