/// Transposed 2-D convolution (PyTorch's ConvTranspose2d): `ConvolutionCore` run in reverse, as
/// Caffe's Deconvolution runs BaseConvolutionLayer: forward is a convolution's data-backward (GEMM
/// with Wᵀ, then col2im) and backward is a convolution's forward (im2col, GEMM) plus the weight GEMM.
///
/// Weight [inC, outC/groups, kH, kW] (PyTorch's layout), bias [outC].
/// Output size: (H − 1)·stride − 2·padding + kernel + outputPadding.
public final class ConvTranspose2D: Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let inputChannels: Int, outputChannels: Int
    public let kernelSize: (Int, Int), stride: (Int, Int), padding: (Int, Int), outputPadding: (Int, Int)
    public let groups: Int

    /// The im2col + GEMM work, shared with Conv2D and run in reverse.
    private let core: ConvolutionCore
    private var cachedInput: Tensor?

    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1,
                padding: Int = 0, outputPadding: Int = 0, groups: Int = 1, bias: Bool = true,
                name: String = "deconv", generator: inout SeededGenerator) {
        precondition(inputChannels % groups == 0 && outputChannels % groups == 0,
                     "\(name): channels \(inputChannels)->\(outputChannels) do not split into \(groups) groups")
        precondition(outputPadding < max(stride, 1), "\(name): output padding must be smaller than the stride")
        core = ConvolutionCore(mapChannels: inputChannels)
        self.inputChannels = inputChannels
        (self.outputChannels, self.groups) = (outputChannels, groups)
        self.kernelSize = (kernelSize, kernelSize)
        (self.stride, self.padding, self.outputPadding) = ((stride, stride), (padding, padding), (outputPadding, outputPadding))
        // PyTorch's default for ConvTranspose2d: fan-in is weight.size(1) * kH * kW.
        (weight, self.bias) = ConvolutionCore.parameters(
            name, weightShape: [inputChannels, outputChannels / groups, kernelSize, kernelSize],
            biasChannels: bias ? outputChannels : nil, fanIn: outputChannels / groups * kernelSize * kernelSize,
            generator: &generator)
    }

    /// The convolution that maps this layer's output back to its input: its "input" is our output.
    public func geometry(forInput shape: [Int]) -> ConvGeometry {
        ConvolutionCore.requireInput(shape, channels: inputChannels, layer: weight.name)
        let outH = (shape[2] - 1) * stride.0 - 2 * padding.0 + kernelSize.0 + outputPadding.0
        let outW = (shape[3] - 1) * stride.1 - 2 * padding.1 + kernelSize.1 + outputPadding.1
        return ConvGeometry(channels: outputChannels, height: outH, width: outW,
                            kernel: kernelSize, stride: stride, padding: padding, groups: groups,
                            output: (shape[2], shape[3]))
    }

    public func outputShape(forInput shape: [Int]) -> [Int] {
        let g = geometry(forInput: shape)
        return [shape[0], outputChannels, g.height, g.width]
    }

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let g = geometry(forInput: x.shape)
        if mode == .training { cachedInput = x }
        return core.backwardData(x, weights: weight.value.scalars, bias: bias?.value.scalars ?? [], geometry: g)
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let x = requireCached(cachedInput, weight.name)
        let g = geometry(forInput: x.shape)
        requireShape(dy.shape, [x.shape[0], outputChannels, g.height, g.width], "\(weight.name).backward dy")
        defer { cachedInput = nil }
        return core.transposedBackward(dy, maps: x, weight: weight, bias: bias, geometry: g,
                                       needsInputGradient: needsInputGradient)
    }
}
