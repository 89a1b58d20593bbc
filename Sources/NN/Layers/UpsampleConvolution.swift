/// Nearest x2 upsampling followed by a 3x3 convolution (padding 1), computed as the one 4x4
/// stride-2 transposed convolution that gives the same outputs.
///
/// The upsampled image repeats each input row twice, so the 3x3 kernel's three rows fall on only
/// two input rows: at an even output row 2i, kernel row 0 on input row i − 1 and rows 1 and 2 on
/// row i; at an odd row 2i + 1, rows 0 and 1 on row i and row 2 on row i + 1 (columns alike). A
/// transposed convolution with kernel 4, stride 2 and padding 1 joins input row i′ to output row
/// o through its kernel row o + 1 − 2i′, so its kernel is the 3x3 one folded by
///
///     F = [[0, 0, 1],     transposed-kernel row 0 ← 3x3 row 2
///          [0, 1, 1],                       row 1 ← rows 1 + 2
///          [1, 1, 0],                       row 2 ← rows 0 + 1
///          [1, 0, 0]]                       row 3 ← row 0
///
/// K = F · W · Fᵀ for each channel pair, and the weight gradient folds back as dW = Fᵀ · dK · F.
/// Every output pixel then costs 4 taps instead of 9 and no upsampled copy of the input is made,
/// while the function, the parameters (`name.weight` [outC, inC, 3, 3], `name.bias`) and their
/// initialisation stay those of `Sequential([Upsample(2), Conv2D(k 3, p 1)])`.
public final class UpsampleConvolution: Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let inputChannels: Int, outputChannels: Int

    /// K = F · W · Fᵀ, [inC, outC, 4, 4] as ConvTranspose2D lays it out; its gradient is dK.
    private let foldedKernel: Parameter
    private let core: ConvolutionCore
    private var cachedInput: Tensor?

    /// F's rows: which 3x3 rows (or columns) sum into each transposed-kernel row (or column).
    private static let fold: [[Float]] = [[0, 0, 1], [0, 1, 1], [1, 1, 0], [1, 0, 0]]
    /// The (4x4 tap, 3x3 tap) pairs F joins: K[k] = Σ W[w] over them, and dW[w] = Σ dK[k].
    private static let joinedTaps: [(kernel: Int, weight: Int)] = {
        var taps: [(kernel: Int, weight: Int)] = []
        for ky in 0..<4 { for kx in 0..<4 { for dy in 0..<3 { for dx in 0..<3 where fold[ky][dy] != 0 && fold[kx][dx] != 0 {
            taps.append((ky * 4 + kx, dy * 3 + dx))
        } } } }
        return taps
    }()

    public init(inputChannels: Int, outputChannels: Int, bias: Bool = true, name: String = "upconv",
                generator: inout SeededGenerator) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        core = ConvolutionCore(mapChannels: inputChannels)
        (weight, self.bias) = ConvolutionCore.parameters(
            name, weightShape: [outputChannels, inputChannels, 3, 3],
            biasChannels: bias ? outputChannels : nil, fanIn: inputChannels * 9, generator: &generator)
        foldedKernel = Parameter(name: "\(name).weight (folded 4x4)", value: Tensor(zeros: [inputChannels, outputChannels, 4, 4]))
    }

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    /// The transposed convolution's geometry: the convolution mapping our output back to our input.
    private func geometry(forInput shape: [Int]) -> ConvGeometry {
        ConvolutionCore.requireInput(shape, channels: inputChannels, layer: weight.name)
        return ConvGeometry(channels: outputChannels, height: 2 * shape[2], width: 2 * shape[3],
                            kernel: (4, 4), stride: (2, 2), padding: (1, 1), groups: 1, output: (shape[2], shape[3]))
    }

    public func outputShape(forInput shape: [Int]) -> [Int] {
        ConvolutionCore.requireInput(shape, channels: inputChannels, layer: weight.name)
        return [shape[0], outputChannels, 2 * shape[2], 2 * shape[3]]
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let g = geometry(forInput: x.shape)
        if mode == .training { cachedInput = x }
        foldWeights()
        return core.backwardData(x, weights: foldedKernel.value.scalars, bias: bias?.value.scalars ?? [], geometry: g)
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let x = requireCached(cachedInput, weight.name)
        let g = geometry(forInput: x.shape)
        requireShape(dy.shape, [x.shape[0], outputChannels, g.height, g.width], "\(weight.name).backward dy")
        defer { cachedInput = nil }
        foldedKernel.isFrozen = weight.isFrozen
        foldedKernel.zeroGradient()
        let dx = core.transposedBackward(dy, maps: x, weight: foldedKernel, bias: bias, geometry: g,
                                         needsInputGradient: needsInputGradient)
        if !weight.isFrozen { unfoldGradient() }
        return dx
    }

    /// K[ci][co] = F · W[co][ci] · Fᵀ.
    private func foldWeights() {
        weight.value.withUnsafeBufferPointer { w in
            foldedKernel.value.withUnsafeMutableBufferPointer { k in
                k.update(repeating: 0)
                forEachChannelPair { weightTaps, kernelTaps in
                    for tap in Self.joinedTaps { k[kernelTaps + tap.kernel] += w[weightTaps + tap.weight] }
                }
            }
        }
    }

    /// dW[co][ci] += Fᵀ · dK[ci][co] · F.
    private func unfoldGradient() {
        foldedKernel.gradient.withUnsafeBufferPointer { dk in
            weight.gradient.withUnsafeMutableBufferPointer { dw in
                forEachChannelPair { weightTaps, kernelTaps in
                    for tap in Self.joinedTaps { dw[weightTaps + tap.weight] += dk[kernelTaps + tap.kernel] }
                }
            }
        }
    }

    /// Calls `body` with where each (output, input) channel pair's 3x3 taps start in W
    /// [outC, inC, 3, 3] and its 4x4 taps in K [inC, outC, 4, 4].
    private func forEachChannelPair(_ body: (_ weightTaps: Int, _ kernelTaps: Int) -> Void) {
        for co in 0..<outputChannels {
            for ci in 0..<inputChannels { body((co * inputChannels + ci) * 9, (ci * outputChannels + co) * 16) }
        }
    }
}
