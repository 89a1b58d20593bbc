import Testing
@testable import NN
import TestSupport

/// ConvolutionCore on its own: `forwardPath` picks each path where it says it does, and every path
/// (and both placements of a transposed convolution's input gradient) gives the naive result.
@Suite struct ConvolutionCoreTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let kernel: Int, stride: Int, padding: Int, groups: Int, bias: Bool
        var testDescription: String { "k\(kernel) s\(stride) p\(padding) g\(groups)\(bias ? " bias" : "")" }
    }

    /// Grouped, strided and padded, with and without a bias.
    static let cases = [Case(kernel: 3, stride: 1, padding: 1, groups: 1, bias: true),
                        Case(kernel: 3, stride: 2, padding: 0, groups: 2, bias: true),
                        Case(kernel: 4, stride: 2, padding: 1, groups: 1, bias: false),
                        Case(kernel: 5, stride: 1, padding: 2, groups: 2, bias: false)]

    /// The limits that send a 4-channel 7x9 batch of 3 images down each im2col path.
    static let limits: [(path: String, limits: ConvChunking.Limits)] = [
        ("staged", .init()),
        ("inPlace", .init(targetColumns: 1)),
        ("rowBlocks", .init(targetColumns: 1, maximumColumnScalars: 40, maximumImageScalars: 40)),
    ]

    static func geometry(_ c: Case, height: Int = 7, width: Int = 9, channels: Int = 4) -> ConvGeometry {
        ConvGeometry(channels: channels, height: height, width: width, kernel: (c.kernel, c.kernel),
                     stride: (c.stride, c.stride), padding: (c.padding, c.padding), groups: c.groups)
    }

    static func name(_ path: ConvolutionCore.ForwardPath) -> String {
        switch path {
        case .unrolled: "unrolled"
        case .rowBlocks: "rowBlocks"
        case .inPlace: "inPlace"
        case .staged: "staged"
        }
    }

    @Test func forwardPathChoice() {
        let core = ConvolutionCore(mapChannels: 8)
        // 3x3 planes under a 3x3 kernel: unrolled unless the columns are kept or unrolling is off.
        let small = Self.geometry(Case(kernel: 3, stride: 1, padding: 1, groups: 1, bias: true), height: 3, width: 3)
        let smallPlan = BatchPlan(batch: 4, geometry: small)
        #expect(core.forwardPath(small, plan: smallPlan, keepsColumns: false, mayUnroll: true) == .unrolled)
        #expect(core.forwardPath(small, plan: smallPlan, keepsColumns: true, mayUnroll: true) == .staged)
        #expect(core.forwardPath(small, plan: smallPlan, keepsColumns: false, mayUnroll: false) == .staged)
        // With groups the dense matrix would be half zeros.
        let grouped = Self.geometry(Case(kernel: 3, stride: 1, padding: 1, groups: 2, bias: true), height: 3, width: 3)
        #expect(core.forwardPath(grouped, plan: smallPlan, keepsColumns: false, mayUnroll: true) == .staged)
        // A 32x32 output fills a chunk on its own; its columns fit the image budget.
        let large = Self.geometry(Case(kernel: 4, stride: 2, padding: 1, groups: 1, bias: true), height: 64, width: 64, channels: 3)
        let largePlan = BatchPlan(batch: 4, geometry: large)
        #expect(largePlan.imagesPerChunk == 1)
        #expect(core.forwardPath(large, plan: largePlan, keepsColumns: false, mayUnroll: true) == .inPlace)
        // Under a smaller image budget, rows of blocks, unless the columns are kept.
        ConvChunking.$limits.withValue(.init(maximumImageScalars: 48 * 32 * 10)) {
            let plan = BatchPlan(batch: 4, geometry: large)
            #expect(core.forwardPath(large, plan: plan, keepsColumns: false, mayUnroll: true) == .rowBlocks(rowsPerBlock: 8))
            #expect(core.forwardPath(large, plan: plan, keepsColumns: true, mayUnroll: true) == .inPlace)
        }
    }

    /// Every im2col path of the forward against the naive loops, with the path checked first.
    @Test(arguments: cases, limits.map(\.path))
    func forwardPathsMatchNaiveLoops(_ c: Case, _ path: String) {
        let limits = Self.limits.first { $0.path == path }!.limits
        let g = Self.geometry(c)
        var generator = SeededGenerator(seed: 41)
        let conv = Conv2D(inputChannels: 4, outputChannels: 6, kernelSize: c.kernel, stride: c.stride, padding: c.padding,
                          groups: c.groups, bias: c.bias, generator: &generator)
        let x = Tensor.uniform(shape: [3, 4, 7, 9], low: -1, high: 1, using: &generator)
        let core = ConvolutionCore(mapChannels: 6)
        let y = ConvChunking.$limits.withValue(limits) {
            #expect(Self.name(core.forwardPath(g, plan: BatchPlan(batch: 3, geometry: g), keepsColumns: false, mayUnroll: true)) == path)
            return core.forward(x, weights: conv.weight.value.scalars, bias: conv.bias?.value.scalars ?? [], geometry: g,
                                keepColumns: false)
        }
        let expected = Naive.conv2D(x, weight: conv.weight.value, bias: conv.bias?.value, stride: c.stride,
                                    padding: c.padding, groups: c.groups)
        #expect(maximumDifference(y, expected) < 1e-4)
    }

    /// The training forward (kept columns, the ones row of a folded bias in place) and the backward
    /// over them give the same gradients one image per chunk as several; dx is the transposed
    /// convolution of dy, the adjoint.
    @Test(arguments: cases)
    func backwardOverKeptColumnsAgreesAcrossPaths(_ c: Case) {
        let g = Self.geometry(c)
        var generator = SeededGenerator(seed: 42)
        let conv = Conv2D(inputChannels: 4, outputChannels: 6, kernelSize: c.kernel, stride: c.stride, padding: c.padding,
                          groups: c.groups, bias: c.bias, generator: &generator)
        let x = Tensor.uniform(shape: [3, 4, 7, 9], low: -1, high: 1, using: &generator)
        let dy = Tensor.uniform(shape: conv.outputShape(forInput: x.shape), low: -1, high: 1, using: &generator)
        func run(_ limits: ConvChunking.Limits) -> (dx: Tensor, dw: Tensor) {
            ConvChunking.$limits.withValue(limits) {
                let core = ConvolutionCore(mapChannels: 6)
                conv.weight.zeroGradient()
                _ = core.forward(x, weights: conv.weight.value.scalars, bias: conv.bias?.value.scalars ?? [], geometry: g,
                                 keepColumns: true)
                let dx = core.convolutionBackward(dy, weight: conv.weight, bias: nil, geometry: g, needsInputGradient: true)!
                #expect(core.keptRows == nil, "the backward releases the kept columns")
                return (dx, conv.weight.gradient)
            }
        }
        let staged = run(.init()), inPlace = run(.init(targetColumns: 1))
        #expect(maximumDifference(staged.dx, inPlace.dx) < 1e-5)
        #expect(maximumDifference(staged.dw, inPlace.dw) < 1e-4)
        let adjoint = Naive.convTranspose2D(dy, weight: conv.weight.value, bias: nil, stride: c.stride, padding: c.padding,
                                            outputPadding: (7 + 2 * c.padding - c.kernel) % c.stride, groups: c.groups)
        if adjoint.shape == x.shape { #expect(maximumDifference(staged.dx, adjoint) < 1e-4) }
    }

    /// A transposed convolution's input gradient is a forward GEMM, written in place for one image
    /// per chunk and staged for several; both give the naive convolution of dy.
    @Test(arguments: cases)
    func transposedInputGradientInPlaceAndStaged(_ c: Case) {
        var generator = SeededGenerator(seed: 43)
        let layer = ConvTranspose2D(inputChannels: 6, outputChannels: 4, kernelSize: c.kernel, stride: c.stride,
                                    padding: c.padding, groups: c.groups, bias: c.bias, generator: &generator)
        let x = Tensor.uniform(shape: [3, 6, 4, 5], low: -1, high: 1, using: &generator)
        let dy = Tensor.uniform(shape: layer.outputShape(forInput: x.shape), low: -1, high: 1, using: &generator)
        let expected = Naive.conv2D(dy, weight: layer.weight.value, bias: nil, stride: c.stride, padding: c.padding,
                                    groups: c.groups)
        for limits in [ConvChunking.Limits(), ConvChunking.Limits(targetColumns: 1)] {
            let dx = ConvChunking.$limits.withValue(limits) {
                _ = layer.forward(x, mode: .training)
                return layer.backward(dy, needsInputGradient: true)!
            }
            #expect(maximumDifference(dx, expected) < 1e-4, "target columns \(limits.targetColumns)")
        }
    }

    /// A thin, wide forward product (3 channels in, 8 maps, 32x32 out: m·k = 216, n = 1024), where
    /// sgemm goes in column blocks on cores with OpenBLAS's direct kernels.
    @Test func thinProductMatchesNaiveLoops() {
        var generator = SeededGenerator(seed: 44)
        let conv = Conv2D(inputChannels: 3, outputChannels: 8, kernelSize: 3, padding: 1, generator: &generator)
        let x = Tensor.uniform(shape: [2, 3, 32, 32], low: -1, high: 1, using: &generator)
        let expected = Naive.conv2D(x, weight: conv.weight.value, bias: conv.bias?.value, stride: 1, padding: 1, groups: 1)
        #expect(maximumDifference(conv.forward(x, mode: .inference), expected) < 1e-4)
    }
}
