import Testing
import NN
import TestSupport

@Suite struct AdaptiveAveragePool2DTests {
    /// PyTorch's `adaptive_avg_pool2d(torch.arange(25.).reshape(1,1,5,5), 3)`: overlapping bins
    /// rows {0,1}, {1,2,3}, {3,4}; e.g. cell (0,0) averages 0, 1, 5, 6 = 3, cell (1,1) the 3x3
    /// centre = 12. And of `arange(169.).reshape(1,1,13,13)` to 4x4, AlexNet's conv3 map size.
    @Test func matchesPyTorchBins() {
        let small = Tensor(shape: [1, 1, 5, 5], scalars: (0..<25).map(Float.init))
        #expect(AdaptiveAveragePool2D(outputSize: 3).forward(small, mode: .inference).scalars
                == [3.0, 4.5, 6.0, 10.5, 12.0, 13.5, 18.0, 19.5, 21.0])
        let map = Tensor(shape: [1, 1, 13, 13], scalars: (0..<169).map(Float.init))
        #expect(AdaptiveAveragePool2D(outputSize: 4).forward(map, mode: .inference).scalars
                == [21, 24, 27, 30, 60, 63, 66, 69, 99, 102, 105, 108, 138, 141, 144, 147])
    }

    @Test func gradientsMatchFiniteDifferences() {
        var g = SeededGenerator(seed: 41)
        let x = Tensor.uniform(shape: [2, 3, 7, 7], low: -1, high: 1, using: &g)
        #expect(gradientMismatches(of: AdaptiveAveragePool2D(outputSize: 3), input: x) == [])
        #expect(gradientMismatches(of: AdaptiveAveragePool2D(outputSize: 7), input: x) == [])
    }

    /// A grid as large as the map is the identity.
    @Test func fullSizeGridIsTheIdentity() {
        var g = SeededGenerator(seed: 42)
        let x = Tensor.uniform(shape: [1, 2, 4, 4], low: -1, high: 1, using: &g)
        #expect(AdaptiveAveragePool2D(outputSize: 4).forward(x, mode: .inference) == x)
    }
}
