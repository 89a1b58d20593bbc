import Testing
import NN
import TestSupport

@Suite struct LinearTests {
    @Test func forwardMatchesNaiveLoops() {
        var g = SeededGenerator(seed: 31)
        let layer = Linear(inputFeatures: 7, outputFeatures: 5, generator: &g)
        let x = Tensor.uniform(shape: [4, 7], low: -1, high: 1, using: &g)
        let expected = Naive.linear(x, weight: layer.weight.value, bias: layer.bias?.value)
        #expect(maximumDifference(layer.forward(x, mode: .inference), expected) < 1e-5)
    }

    @Test func gradientsMatchFiniteDifferences() {
        var g = SeededGenerator(seed: 32)
        let layer = Linear(inputFeatures: 6, outputFeatures: 4, generator: &g)
        let x = Tensor.uniform(shape: [3, 6], low: -1, high: 1, using: &g)
        #expect(gradientMismatches(of: layer, input: x) == [])
        let noBias = Linear(inputFeatures: 6, outputFeatures: 4, bias: false, generator: &g)
        #expect(gradientMismatches(of: noBias, input: x) == [])
    }

    /// Accepts [N, C, H, W] whose trailing size matches, as after a conv stack.
    @Test func flattensTrailingDimensions() {
        var g = SeededGenerator(seed: 33)
        let layer = Linear(inputFeatures: 12, outputFeatures: 2, generator: &g)
        let x = Tensor.uniform(shape: [2, 3, 2, 2], low: -1, high: 1, using: &g)
        #expect(layer.forward(x, mode: .inference).shape == [2, 2])
        #expect(gradientMismatches(of: layer, input: x) == [])
    }

    /// Exact case: w = [[1, 2], [3, 4]], b = [0.5, -1], x = [1, 1] → [3.5, 6].
    @Test func goldenCase() {
        var g = SeededGenerator(seed: 0)
        let layer = Linear(inputFeatures: 2, outputFeatures: 2, generator: &g)
        layer.weight.value = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        layer.bias!.value = Tensor(shape: [2], scalars: [0.5, -1])
        #expect(layer.forward(Tensor(shape: [1, 2], scalars: [1, 1]), mode: .inference).scalars == [3.5, 6])
    }
}
