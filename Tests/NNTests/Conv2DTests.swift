import Testing
import NN
import TestSupport

@Suite struct Conv2DTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let kernel: Int, stride: Int, padding: Int, groups: Int, size: Int
        var testDescription: String { "k\(kernel) s\(stride) p\(padding) g\(groups) \(size)x\(size)" }
    }

    /// The grid the issue asks for: kernel 1/3/5/11, stride 1/2/4, padding 0/1/2, groups 1/2.
    static let grid: [Case] = {
        var cases: [Case] = []
        for kernel in [1, 3, 5, 11] { for stride in [1, 2, 4] { for padding in [0, 1, 2] { for groups in [1, 2] {
            cases.append(Case(kernel: kernel, stride: stride, padding: padding, groups: groups,
                              size: kernel == 11 ? 13 : 7))
        } } } }
        return cases
    }()

    @Test(arguments: grid) func forwardMatchesNaiveLoops(_ c: Case) {
        var g = SeededGenerator(seed: 11)
        let conv = Conv2D(inputChannels: 4, outputChannels: 6, kernelSize: c.kernel, stride: c.stride,
                          padding: c.padding, groups: c.groups, generator: &g)
        let x = Tensor.uniform(shape: [3, 4, c.size, c.size], low: -1, high: 1, using: &g)
        let expected = Naive.conv2D(x, weight: conv.weight.value, bias: conv.bias?.value, stride: c.stride,
                                    padding: c.padding, groups: c.groups)
        // Chunks of several images (staged GEMM output), and of one image each (GEMM straight into
        // y, the bias folded into it for one group).
        for limits in [ConvChunking.Limits(), ConvChunking.Limits(targetColumns: 1)] {
            let y = ConvChunking.$limits.withValue(limits) { conv.forward(x, mode: .inference) }
            #expect(y.shape == expected.shape)
            #expect(maximumDifference(y, expected) < 1e-4, "target columns \(limits.targetColumns)")
        }
    }

    @Test(arguments: grid.filter { $0.kernel <= 5 })
    func gradientsMatchFiniteDifferences(_ c: Case) {
        var g = SeededGenerator(seed: 12)
        let conv = Conv2D(inputChannels: 2 * c.groups, outputChannels: 2 * c.groups, kernelSize: c.kernel,
                          stride: c.stride, padding: c.padding, groups: c.groups, generator: &g)
        let x = Tensor.uniform(shape: [2, 2 * c.groups, c.size - 1, c.size], low: -1, high: 1, using: &g)
        #expect(gradientMismatches(of: conv, input: x) == [])
        // One image per chunk: the kept columns carry the ones row of the folded bias.
        #expect(ConvChunking.$limits.withValue(.init(targetColumns: 1)) { gradientMismatches(of: conv, input: x) } == [])
    }

    @Test func elevenByElevenStrideFourGradients() {
        var g = SeededGenerator(seed: 13)
        let conv = Conv2D(inputChannels: 3, outputChannels: 2, kernelSize: 11, stride: 4, padding: 2, generator: &g)
        let x = Tensor.uniform(shape: [1, 3, 15, 15], low: -1, high: 1, using: &g)
        #expect(gradientMismatches(of: conv, input: x) == [])
    }

    /// Batched im2col chunks must agree with image-at-a-time processing in forward and backward
    /// (for one group, the GEMM writes y directly with the bias folded in).
    @Test(arguments: [1, 2]) func chunkedBatchesAgreeWithSingleImages(_ groups: Int) {
        var g = SeededGenerator(seed: 14)
        let conv = Conv2D(inputChannels: 4, outputChannels: 6, kernelSize: 3, padding: 1, groups: groups, generator: &g)
        let x = Tensor.uniform(shape: [5, 4, 6, 6], low: -1, high: 1, using: &g)
        let dy = Tensor.uniform(shape: [5, 6, 6, 6], low: -1, high: 1, using: &g)
        func run(target: Int) -> (Tensor, Tensor, Tensor) {
            ConvChunking.$limits.withValue(.init(targetColumns: target)) {
                conv.weight.zeroGradient()
                let y = conv.forward(x, mode: .training)
                let dx = conv.backward(dy, needsInputGradient: true)!
                return (y, dx, conv.weight.gradient)
            }
        }
        let single = run(target: 1), batched = run(target: 1 << 20), uneven = run(target: 70)
        for other in [batched, uneven] {
            #expect(maximumDifference(single.0, other.0) < 1e-5)
            #expect(maximumDifference(single.1, other.1) < 1e-5)
            #expect(maximumDifference(single.2, other.2) < 1e-4)
        }
    }

    /// An image whose columns exceed the image budget is done in blocks of output rows (inference
    /// and frozen weights); every block size must give the naive result.
    /// With one group the bias is folded into the GEMMs, with two it is added after them; without
    /// a bias there is nothing to add.
    @Test(arguments: [1, 5, 40, 1 << 18], [(groups: 2, bias: true), (groups: 1, bias: true), (groups: 1, bias: false)])
    func rowBlocksMatchNaiveLoops(_ budget: Int, _ layer: (groups: Int, bias: Bool)) {
        var g = SeededGenerator(seed: 18)
        let conv = Conv2D(inputChannels: 4, outputChannels: 6, kernelSize: 3, stride: 2, padding: 1, groups: layer.groups,
                          bias: layer.bias, generator: &g)
        let x = Tensor.uniform(shape: [2, 4, 13, 11], low: -1, high: 1, using: &g)
        let expected = Naive.conv2D(x, weight: conv.weight.value, bias: conv.bias?.value, stride: 2, padding: 1,
                                    groups: layer.groups)
        let y = ConvChunking.$limits.withValue(.init(targetColumns: 1, maximumColumnScalars: budget, maximumImageScalars: budget)) {
            conv.forward(x, mode: .inference)
        }
        #expect(maximumDifference(y, expected) < 1e-4)
    }

    /// A perceptual loss runs an inference forward (the target) between the training forward and
    /// the backward; the training cache must survive it, whatever the other batch size.
    @Test func inferenceForwardLeavesTrainingCacheIntact() {
        var g = SeededGenerator(seed: 17)
        let conv = Conv2D(inputChannels: 3, outputChannels: 4, kernelSize: 3, stride: 2, padding: 1, generator: &g)
        let x = Tensor.uniform(shape: [4, 3, 9, 9], low: -1, high: 1, using: &g)
        let other = Tensor.uniform(shape: [7, 3, 9, 9], low: -1, high: 1, using: &g)
        let dy = Tensor.uniform(shape: conv.outputShape(forInput: x.shape), low: -1, high: 1, using: &g)
        _ = conv.forward(x, mode: .training)
        let dxAlone = conv.backward(dy, needsInputGradient: true)!
        let dwAlone = conv.weight.gradient
        conv.weight.zeroGradient()
        conv.bias!.zeroGradient()
        _ = conv.forward(x, mode: .training)
        _ = conv.forward(other, mode: .inference)
        let dx = conv.backward(dy, needsInputGradient: true)!
        #expect(dx == dxAlone)
        #expect(conv.weight.gradient == dwAlone)
    }

    struct SmallPlane: CustomTestStringConvertible, Sendable {
        let size: Int, kernel: Int, padding: Int, stride: Int
        var testDescription: String { "\(size)x\(size) k\(kernel) p\(padding) s\(stride)" }
    }

    /// Input planes no larger than the kernel go through one dense GEMM (UnrolledConvolution) in
    /// inference and with frozen weights. It must agree with the naive loops and with the im2col
    /// path a trainable forward takes, give the right input gradient, and follow weight changes.
    @Test(arguments: [SmallPlane(size: 3, kernel: 3, padding: 1, stride: 1), SmallPlane(size: 2, kernel: 3, padding: 1, stride: 1),
                      SmallPlane(size: 3, kernel: 3, padding: 0, stride: 1), SmallPlane(size: 4, kernel: 5, padding: 2, stride: 2),
                      SmallPlane(size: 3, kernel: 3, padding: 1, stride: 2)])
    func unrolledSmallPlanes(_ c: SmallPlane) {
        var g = SeededGenerator(seed: 17)
        let conv = Conv2D(inputChannels: 5, outputChannels: 4, kernelSize: c.kernel, stride: c.stride,
                          padding: c.padding, generator: &g)
        let x = Tensor.uniform(shape: [3, 5, c.size, c.size], low: -1, high: 1, using: &g)
        func naive() -> Tensor {
            Naive.conv2D(x, weight: conv.weight.value, bias: conv.bias?.value, stride: c.stride, padding: c.padding, groups: 1)
        }
        let unrolled = conv.forward(x, mode: .inference)
        #expect(maximumDifference(unrolled, naive()) < 1e-5)
        #expect(maximumDifference(conv.forward(x, mode: .training), unrolled) < 1e-5)   // im2col
        conv.weight.value.scalars[7] += 0.5
        #expect(maximumDifference(conv.forward(x, mode: .inference), naive()) < 1e-5)
        conv.freeze()
        #expect(gradientMismatches(of: conv, input: x) == [])
    }

    @Test func frozenWeightsGetNoGradientButInputDoes() {
        var g = SeededGenerator(seed: 15)
        let conv = Conv2D(inputChannels: 2, outputChannels: 3, kernelSize: 3, padding: 1, generator: &g)
        conv.freeze()
        let x = Tensor.uniform(shape: [2, 2, 5, 5], low: -1, high: 1, using: &g)
        #expect(gradientMismatches(of: conv, input: x) == [])
        #expect(conv.weight.gradient.scalars.allSatisfy { $0 == 0 })
    }

    /// A 1x1 convolution is a Linear layer applied at every pixel.
    @Test func oneByOneConvolutionEqualsLinear() {
        var g = SeededGenerator(seed: 16)
        let conv = Conv2D(inputChannels: 5, outputChannels: 3, kernelSize: 1, generator: &g)
        let linear = Linear(inputFeatures: 5, outputFeatures: 3, generator: &g)
        linear.weight.value = conv.weight.value.reshaped([3, 5])
        linear.bias!.value = conv.bias!.value
        let x = Tensor.uniform(shape: [1, 5, 1, 4], low: -1, high: 1, using: &g)
        let y = conv.forward(x, mode: .inference)                       // [1, 3, 1, 4]
        // pixels as rows: [4, 5]
        var rows = Tensor(zeros: [4, 5])
        for p in 0..<4 { for c in 0..<5 { rows[flat: p * 5 + c] = x[flat: c * 4 + p] } }
        let z = linear.forward(rows, mode: .inference)                  // [4, 3]
        for p in 0..<4 { for o in 0..<3 { #expect(abs(y[flat: o * 4 + p] - z[flat: p * 3 + o]) < 1e-5) } }
    }

    /// Exact small case. x = 1..9 in a 3x3 image, w = [[1,0],[0,-1]], bias 10, stride 1, no padding:
    /// y[i,j] = x[i,j] − x[i+1,j+1] + 10 = −4 + 10 = 6 everywhere (neighbours on a diagonal differ by 4).
    @Test func goldenTwoByTwoKernel() {
        var g = SeededGenerator(seed: 0)
        let conv = Conv2D(inputChannels: 1, outputChannels: 1, kernelSize: 2, generator: &g)
        conv.weight.value = Tensor(shape: [1, 1, 2, 2], scalars: [1, 0, 0, -1])
        conv.bias!.value = Tensor(shape: [1], scalars: [10])
        let x = Tensor(shape: [1, 1, 3, 3], scalars: (1...9).map(Float.init))
        #expect(conv.forward(x, mode: .inference).scalars == [6, 6, 6, 6])
    }
}
