import Testing
import NN
import TestSupport

/// One stage of `--decoder upsample`: nearest x2 then a 3x3 convolution (padding 1), computed as
/// the equivalent folded 4x4 stride-2 transposed convolution. Checked against the two layers it
/// replaces, against naive loops, and by finite differences.
@Suite struct UpsampleConvolutionTests {
    /// The folded layer and the Upsample + Conv2D pair it replaces, with the same weights.
    static func layers(inputChannels: Int = 3, outputChannels: Int = 2, seed: UInt64) -> (UpsampleConvolution, Sequential) {
        var generator = SeededGenerator(seed: seed)
        let folded = UpsampleConvolution(inputChannels: inputChannels, outputChannels: outputChannels, name: "up",
                                         generator: &generator)
        generator = SeededGenerator(seed: seed)
        let conv = Conv2D(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 3, padding: 1,
                          name: "up", generator: &generator)
        return (folded, Sequential([Upsample(scaleFactor: 2), conv]))
    }

    /// Same initialisation and names as the pair, so checkpoints written before the folding load.
    @Test func parametersAreThoseOfUpsampleThenConvolution() {
        let (folded, pair) = Self.layers(seed: 1)
        #expect(folded.parameters.map(\.name) == pair.parameters.map(\.name))
        #expect(folded.parameters.map(\.value) == pair.parameters.map(\.value))
        #expect(folded.weight.value.shape == [2, 3, 3, 3])
    }

    /// Forward, input gradient and parameter gradients equal the pair's, odd sizes and a
    /// non-square image included (the borders are where a wrong fold would show).
    @Test(arguments: [(3, 2, [2, 3, 3, 4]), (5, 7, [1, 5, 6, 6]), (8, 3, [3, 8, 1, 5])])
    func equalsUpsampleThenConvolution(_ inputChannels: Int, _ outputChannels: Int, _ shape: [Int]) {
        let (folded, pair) = Self.layers(inputChannels: inputChannels, outputChannels: outputChannels, seed: 2)
        let x = uniformAwayFromZero(shape: shape, seed: 3)
        let a = folded.forward(x, mode: .training), b = pair.forward(x, mode: .training)
        #expect(a.shape == [shape[0], outputChannels, 2 * shape[2], 2 * shape[3]] && a.shape == b.shape)
        #expect(maximumDifference(a, b) < 1e-5)
        let dy = uniformAwayFromZero(shape: a.shape, seed: 4)
        for p in folded.parameters + pair.parameters { p.zeroGradient() }
        let dxFolded = folded.backward(dy, needsInputGradient: true)!, dxPair = pair.backward(dy, needsInputGradient: true)!
        #expect(maximumDifference(dxFolded, dxPair) < 1e-4)
        for (p, q) in zip(folded.parameters, pair.parameters) {
            #expect(maximumDifference(p.gradient, q.gradient) < 1e-3 * max(1, q.gradient.scalars.map(abs).max()!), "\(p.name)")
        }
    }

    @Test func gradientsMatchFiniteDifferences() {
        let (folded, _) = Self.layers(seed: 5)
        let x = uniformAwayFromZero(shape: [2, 3, 3, 4], seed: 6)
        let mismatches = gradientMismatches(of: folded, input: x)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func matchesNaiveLoops() {
        let (folded, _) = Self.layers(seed: 7)
        let x = uniformAwayFromZero(shape: [2, 3, 4, 4], seed: 8)
        let naive = Naive.conv2D(NaiveLayers.upsample(x, scaleFactor: 2), weight: folded.weight.value,
                                 bias: folded.bias?.value, stride: 1, padding: 1, groups: 1)
        #expect(maximumDifference(folded.forward(x, mode: .inference), naive) < 1e-5)
    }

    /// A frozen layer leaves its weight gradient untouched but still passes the input gradient.
    @Test func frozenWeightsGetNoGradient() {
        let (folded, _) = Self.layers(seed: 9)
        folded.freeze()
        let x = uniformAwayFromZero(shape: [1, 3, 3, 3], seed: 10)
        let y = folded.forward(x, mode: .training)
        let dx = folded.backward(uniformAwayFromZero(shape: y.shape, seed: 11), needsInputGradient: true)
        #expect(dx?.shape == x.shape)
        #expect(folded.weight.gradient.scalars.allSatisfy { $0 == 0 })
    }
}
