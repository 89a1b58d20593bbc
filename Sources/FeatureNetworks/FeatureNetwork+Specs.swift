import NN

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
