import Testing
import NN
import TestSupport

/// One stage of `--decoder upsample`: nearest x2 then a 3x3 convolution (padding 1), as a
/// Sequential; gradients against finite differences and the forward against naive loops.
@Suite struct UpsampleConvolutionTests {
    static func stage(seed: UInt64) -> (Sequential, Conv2D) {
        var generator = SeededGenerator(seed: seed)
        let conv = Conv2D(inputChannels: 3, outputChannels: 2, kernelSize: 3, padding: 1, name: "up", generator: &generator)
        return (Sequential([Upsample(scaleFactor: 2), conv]), conv)
    }

    @Test func gradientsMatchFiniteDifferences() {
        let (stage, _) = Self.stage(seed: 1)
        let x = uniformAwayFromZero(shape: [2, 3, 3, 4], seed: 2)
        #expect(stage.forward(x, mode: .inference).shape == [2, 2, 6, 8])   // doubled, as k4 s2 p1 transposed
        let mismatches = gradientMismatches(of: stage, input: x)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func matchesNaiveLoops() {
        let (stage, conv) = Self.stage(seed: 3)
        let x = uniformAwayFromZero(shape: [2, 3, 4, 4], seed: 4)
        let naive = Naive.conv2D(NaiveLayers.upsample(x, scaleFactor: 2), weight: conv.weight.value,
                                 bias: conv.bias?.value, stride: 1, padding: 1, groups: 1)
        #expect(maximumDifference(stage.forward(x, mode: .inference), naive) < 1e-5)
    }
}
