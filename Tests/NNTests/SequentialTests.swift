import Testing
import NN
import TestSupport

@Suite struct SequentialTests {
    /// conv → ReLU → strided conv → Sigmoid → flatten, on [2, 2, 3, 3] inputs.
    static func stack(seed: UInt64) -> (Sequential, first: Conv2D) {
        var generator = SeededGenerator(seed: seed)
        let first = Conv2D(inputChannels: 2, outputChannels: 3, kernelSize: 3, padding: 1, name: "c1",
                           generator: &generator)
        let second = Conv2D(inputChannels: 3, outputChannels: 2, kernelSize: 3, stride: 2, padding: 1,
                            name: "c2", generator: &generator)
        return (Sequential([first, ReLU(), second, Sigmoid(), Flatten()]), first)
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        let (net, first) = Self.stack(seed: 96)
        let x = uniformAwayFromZero(shape: [2, 2, 3, 3], seed: 1)
        // A ±0.01 step moves a pre-activation by at most 0.01 · max(|w|, |x|, 1) ≤ 0.011, so every
        // pre-activation must clear the ReLU kink by more than that for the differences to hold
        // (seed 96 was picked for a margin of 0.048).
        let preActivations = first.forward(x, mode: .inference)
        try #require(preActivations.scalars.allSatisfy { abs($0) > 0.02 },
                     "seed puts a pre-activation at \(preActivations.scalars.map(abs).min()!)")
        let mismatches = gradientMismatches(of: net, input: x)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func matchesTheLayersRunOneByOne() {
        let (net, _) = Self.stack(seed: 4)
        let x = uniformAwayFromZero(shape: [2, 2, 3, 3], seed: 2)
        let dy = uniformAwayFromZero(shape: [2, 8], seed: 3)

        let y = net.forward(x, mode: .training)
        let dx = net.backward(dy, needsInputGradient: true)!
        let gradients = net.parameters.map(\.gradient)
        #expect(x == uniformAwayFromZero(shape: [2, 2, 3, 3], seed: 2), "forward wrote into the caller's input")
        #expect(dy == uniformAwayFromZero(shape: [2, 8], seed: 3), "backward wrote into the caller's gradient")

        for p in net.parameters { p.zeroGradient() }
        var h = x
        for layer in net.layers { h = layer.forward(h, mode: .training) }
        var g = dy
        for layer in net.layers.reversed() { g = layer.backward(g, needsInputGradient: true)! }
        #expect(h == y)
        #expect(g == dx)
        #expect(net.parameters.map(\.gradient) == gradients)
    }

    @Test func inPlaceLayersAtEitherEndLeaveTheCallersTensorsAlone() {
        var generator = SeededGenerator(seed: 5)
        let conv = Conv2D(inputChannels: 1, outputChannels: 2, kernelSize: 1, generator: &generator)
        let net = Sequential([LeakyReLU(negativeSlope: 0.2), conv, Sigmoid()])
        let x = uniformAwayFromZero(shape: [1, 1, 2, 2], seed: 6)
        let dy = uniformAwayFromZero(shape: [1, 2, 2, 2], seed: 7)
        let xCopy = Tensor(shape: x.shape, scalars: Array(x.scalars))
        let dyCopy = Tensor(shape: dy.shape, scalars: Array(dy.scalars))
        _ = net.forward(x, mode: .training)
        _ = net.backward(dy, needsInputGradient: true)
        #expect(x == xCopy && dy == dyCopy)
        #expect(gradientMismatches(of: net, input: x).isEmpty)
    }

    @Test func parametersAndBuffersConcatenateInOrder() {
        var generator = SeededGenerator(seed: 8)
        let net = Sequential([
            Conv2D(inputChannels: 1, outputChannels: 2, kernelSize: 3, name: "c1", generator: &generator),
            BatchNorm2D(channels: 2, name: "bn1"), ReLU(),
            Conv2D(inputChannels: 2, outputChannels: 2, kernelSize: 1, bias: false, name: "c2", generator: &generator),
            BatchNorm2D(channels: 2, name: "bn2"),
        ])
        #expect(net.parameters.map(\.name) == ["c1.weight", "c1.bias", "bn1.weight", "bn1.bias", "c2.weight",
                                               "bn2.weight", "bn2.bias"])
        #expect(net.buffers.map(\.name) == ["bn1.running_mean", "bn1.running_var",
                                            "bn2.running_mean", "bn2.running_var"])
    }

    @Test func skippingTheInputGradientKeepsParameterGradients() {
        let (a, _) = Self.stack(seed: 9), (b, _) = Self.stack(seed: 9)
        let x = uniformAwayFromZero(shape: [1, 2, 3, 3], seed: 10)
        let dy = uniformAwayFromZero(shape: [1, 8], seed: 11)
        _ = a.forward(x, mode: .training)
        _ = b.forward(x, mode: .training)
        #expect(a.backward(dy, needsInputGradient: false) == nil)
        #expect(b.backward(dy, needsInputGradient: true) != nil)
        #expect(a.parameters.map(\.gradient) == b.parameters.map(\.gradient))
    }
}
