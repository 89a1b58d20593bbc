import Testing
import NN
import TestSupport

@Suite struct ConvTranspose2DTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let kernel: Int, stride: Int, padding: Int, groups: Int
        var testDescription: String { "k\(kernel) s\(stride) p\(padding) g\(groups)" }
    }

    static let grid: [Case] = {
        var cases: [Case] = []
        for kernel in [1, 3, 4, 5] { for stride in [1, 2, 4] { for padding in [0, 1, 2] where padding < kernel {
            for groups in [1, 2] { cases.append(Case(kernel: kernel, stride: stride, padding: padding, groups: groups)) }
        } } }
        return cases
    }()

    @Test(arguments: grid) func forwardMatchesNaiveLoops(_ c: Case) {
        var g = SeededGenerator(seed: 21)
        let layer = ConvTranspose2D(inputChannels: 4, outputChannels: 6, kernelSize: c.kernel, stride: c.stride,
                                    padding: c.padding, groups: c.groups, generator: &g)
        let x = Tensor.uniform(shape: [3, 4, 4, 5], low: -1, high: 1, using: &g)
        let expected = Naive.convTranspose2D(x, weight: layer.weight.value, bias: layer.bias?.value,
                                             stride: c.stride, padding: c.padding, groups: c.groups)
        let y = layer.forward(x, mode: .inference)
        #expect(y.shape == expected.shape)
        #expect(maximumDifference(y, expected) < 1e-4)
    }

    @Test(arguments: grid.filter { $0.kernel <= 4 })
    func gradientsMatchFiniteDifferences(_ c: Case) {
        var g = SeededGenerator(seed: 22)
        let layer = ConvTranspose2D(inputChannels: 2 * c.groups, outputChannels: 2 * c.groups, kernelSize: c.kernel,
                                    stride: c.stride, padding: c.padding, groups: c.groups, generator: &g)
        let x = Tensor.uniform(shape: [2, 2 * c.groups, 3, 4], low: -1, high: 1, using: &g)
        #expect(gradientMismatches(of: layer, input: x) == [])
    }

    @Test func outputPaddingShapeAndValues() {
        var g = SeededGenerator(seed: 23)
        let layer = ConvTranspose2D(inputChannels: 2, outputChannels: 3, kernelSize: 3, stride: 2, padding: 1,
                                    outputPadding: 1, generator: &g)
        let x = Tensor.uniform(shape: [2, 2, 4, 4], low: -1, high: 1, using: &g)
        let y = layer.forward(x, mode: .inference)
        #expect(y.shape == [2, 3, 8, 8])
        let expected = Naive.convTranspose2D(x, weight: layer.weight.value, bias: layer.bias?.value,
                                             stride: 2, padding: 1, outputPadding: 1, groups: 1)
        #expect(maximumDifference(y, expected) < 1e-4)
        #expect(gradientMismatches(of: layer, input: x) == [])
    }

    /// ⟨conv(x), y⟩ = ⟨x, convT(y)⟩ when both use the same weights without bias: the transposed
    /// convolution is the adjoint of the convolution, for every stride, padding and group count.
    @Test(arguments: [(3, 1, 1, 1), (4, 2, 1, 1), (5, 2, 2, 2), (11, 4, 0, 1), (3, 2, 0, 2)])
    func adjointOfConv2D(_ params: (Int, Int, Int, Int)) {
        let (k, s, p, groups) = params
        var g = SeededGenerator(seed: 24)
        let conv = Conv2D(inputChannels: 4, outputChannels: 6, kernelSize: k, stride: s, padding: p,
                          groups: groups, bias: false, generator: &g)
        let transposed = ConvTranspose2D(inputChannels: 6, outputChannels: 4, kernelSize: k, stride: s, padding: p,
                                         groups: groups, bias: false, generator: &g)
        transposed.weight.value = conv.weight.value   // [6, 4/g, k, k] is the layout of both
        let size = 4 * s + k                          // a size the convolution tiles exactly
        let x = Tensor.uniform(shape: [2, 4, size, size], low: -1, high: 1, using: &g)
        let cx = conv.forward(x, mode: .inference)
        let y = Tensor.uniform(shape: cx.shape, low: -1, high: 1, using: &g)
        let ty = transposed.forward(y, mode: .inference)
        #expect(ty.shape == x.shape)
        var left = 0.0, right = 0.0
        for i in 0..<cx.count { left += Double(cx[flat: i]) * Double(y[flat: i]) }
        for i in 0..<x.count { right += Double(x[flat: i]) * Double(ty[flat: i]) }
        #expect(abs(left - right) <= 1e-4 * max(1, abs(left)))
    }
}
