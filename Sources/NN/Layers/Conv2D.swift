/// 2-D convolution (cross-correlation, as Caffe and PyTorch define it) by im2col + sgemm.
///
/// Weight [outC, inC/groups, kH, kW] (OIHW, loads Caffe and torchvision weights as they are),
/// bias [outC]. The work is `ConvolutionCore`'s, shared with ConvTranspose2D: its forward GEMM is
/// this layer's forward, its backward GEMM this layer's input gradient.
public final class Conv2D: Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let inputChannels: Int, outputChannels: Int
    public let kernelSize: (Int, Int), stride: (Int, Int), padding: (Int, Int)
    public let groups: Int

    /// The im2col + GEMM work, the columns a training forward keeps for the weight gradient included.
    private let core: ConvolutionCore
    private var cachedInputShape: [Int]?

    public convenience init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1,
                            padding: Int = 0, groups: Int = 1, bias: Bool = true, name: String = "conv",
                            generator: inout SeededGenerator) {
        self.init(inputChannels: inputChannels, outputChannels: outputChannels, kernel: (kernelSize, kernelSize),
                  stride: (stride, stride), padding: (padding, padding), groups: groups, bias: bias, name: name,
                  generator: &generator)
    }

    /// Rectangular kernel, stride and padding, each (height, width), as Caffe's `kernel_h`/`kernel_w`.
    public init(inputChannels: Int, outputChannels: Int, kernel: (Int, Int), stride: (Int, Int),
                padding: (Int, Int), groups: Int = 1, bias: Bool = true, name: String = "conv",
                generator: inout SeededGenerator) {
        precondition(inputChannels % groups == 0 && outputChannels % groups == 0,
                     "\(name): channels \(inputChannels)->\(outputChannels) do not split into \(groups) groups")
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernelSize = kernel
        self.stride = stride
        self.padding = padding
        self.groups = groups
        core = ConvolutionCore(mapChannels: outputChannels)
        (weight, self.bias) = ConvolutionCore.parameters(
            name, weightShape: [outputChannels, inputChannels / groups, kernel.0, kernel.1],
            biasChannels: bias ? outputChannels : nil, fanIn: inputChannels / groups * kernel.0 * kernel.1,
            generator: &generator)
    }

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    public func geometry(forInput shape: [Int]) -> ConvGeometry {
        ConvolutionCore.requireInput(shape, channels: inputChannels, layer: weight.name)
        return ConvGeometry(channels: inputChannels, height: shape[2], width: shape[3],
                            kernel: kernelSize, stride: stride, padding: padding, groups: groups)
    }

    public func outputShape(forInput shape: [Int]) -> [Int] {
        let g = geometry(forInput: shape)
        return [shape[0], outputChannels, g.outputHeight, g.outputWidth]
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let g = geometry(forInput: x.shape)
        if mode == .training {
            cachedInputShape = x.shape
            core.releaseColumns()
        }
        return core.forward(x, weights: weight.value.scalars, bias: bias?.value.scalars ?? [], geometry: g,
                            keepColumns: mode == .training && !weight.isFrozen)
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let inputShape = requireCached(cachedInputShape, weight.name)
        let g = geometry(forInput: inputShape)
        requireShape(dy.shape, [inputShape[0], outputChannels, g.outputHeight, g.outputWidth], "\(weight.name).backward dy")
        return core.convolutionBackward(dy, weight: weight, bias: bias, geometry: g, needsInputGradient: needsInputGradient)
    }
}
