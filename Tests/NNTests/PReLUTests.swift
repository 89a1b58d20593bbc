import NN
import Testing
import TestSupport

@Suite struct PReLUTests {
    /// Golden: slopes 0.5 and 0.1 for two channels; x = [-2, 3 | -1, 4] → [-1, 3 | -0.1, 4].
    @Test func golden() {
        let prelu = PReLU(channels: 2)
        prelu.slope.value = Tensor(shape: [2], scalars: [0.5, 0.1])
        let y = prelu.forward(Tensor(shape: [1, 2, 1, 2], scalars: [-2, 3, -1, 4]), mode: .inference)
        #expect(y.scalars == [-1, 3, -0.1, 4])
    }

    /// Input and slope gradients, per channel and shared, inputs away from the kink at 0.
    @Test(arguments: [3, 1])
    func gradientsMatchFiniteDifferences(_ channels: Int) {
        let prelu = PReLU(channels: channels)
        prelu.slope.value = Tensor(shape: [channels], scalars: Array([0.2, 0.05, 0.7].prefix(channels)))
        let x = uniformAwayFromZero(shape: [2, 3, 3, 2], seed: 11)
        #expect(gradientMismatches(of: prelu, input: x) == [])
        let naive = NaiveCaffe64.rectify(Blob64(shape: x.shape, values: x.scalars.map(Double.init)),
                                         slopes: prelu.slope.value.scalars.map(Double.init))
        #expect(zip(prelu.forward(x, mode: .inference).scalars, naive.values).allSatisfy { abs(Double($0) - $1) < 1e-7 })
    }
}
