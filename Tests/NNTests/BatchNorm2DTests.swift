import Testing
import NN
import TestSupport

@Suite struct BatchNorm2DTests {
    /// A layer with non-trivial γ and β.
    static func layer(channels: Int, seed: UInt64) -> BatchNorm2D {
        let bn = BatchNorm2D(channels: channels, name: "bn1")
        var generator = SeededGenerator(seed: seed)
        bn.weight.value = .uniform(shape: [channels], low: 0.5, high: 1.5, using: &generator)
        bn.bias.value = .uniform(shape: [channels], low: -1, high: 1, using: &generator)
        return bn
    }

    @Test func namesAndInitialValues() {
        let bn = BatchNorm2D(channels: 3, name: "encoder.bn1")
        #expect(bn.parameters.map(\.name) == ["encoder.bn1.weight", "encoder.bn1.bias"])
        #expect(bn.buffers.map(\.name) == ["encoder.bn1.running_mean", "encoder.bn1.running_var"])
        #expect(bn.buffers.allSatisfy(\.isFrozen) && !bn.parameters.contains(where: \.isFrozen))
        #expect(bn.weight.value.scalars == [1, 1, 1] && bn.bias.value.scalars == [0, 0, 0])
        #expect(bn.runningMean.value.scalars == [0, 0, 0] && bn.runningVariance.value.scalars == [1, 1, 1])
        #expect(bn.momentum == 0.1 && bn.epsilon == 1e-5)
    }

    @Test func golden() {
        // x = [1, 2, 3, 4] in one channel, ε = 0: μ = 2.5, biased σ² = (2.25+0.25+0.25+2.25)/4 = 1.25,
        // σ = 1.1180340, x̂ = [-1.5, -0.5, 0.5, 1.5]/σ. Running statistics after one step from (0, 1):
        // mean 0.1 · 2.5 = 0.25, variance 0.9 · 1 + 0.1 · 5/3 (unbiased: 5/3) = 1.0666667.
        let bn = BatchNorm2D(channels: 1, epsilon: 0)
        let y = bn.forward(Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4]), mode: .training)
        #expect(maximumDifference(y, Tensor(shape: [1, 1, 2, 2],
                                            scalars: [-1.3416408, -0.4472136, 0.4472136, 1.3416408])) <= 1e-6)
        #expect(abs(bn.runningMean.value[flat: 0] - 0.25) <= 1e-7)
        #expect(abs(bn.runningVariance.value[flat: 0] - 1.0666667) <= 1e-6)

        // dy = [1, 0, 0, 0]: dβ = 1, dγ = x̂₀ = -1.3416408, and
        // dx_i = (4δ_i0 − 1 − x̂_i x̂₀)/(4σ) with x̂_i x̂₀ = (x_i − 2.5)(−1.5)/1.25 = [1.8, 0.6, −0.6, −1.8],
        // so dx = [1.2, −1.6, −0.4, 0.8]/(4σ) = [0.2683282, −0.3577709, −0.0894427, 0.1788854].
        let dx = bn.backward(Tensor(shape: [1, 1, 2, 2], scalars: [1, 0, 0, 0]), needsInputGradient: true)!
        #expect(maximumDifference(dx, Tensor(shape: [1, 1, 2, 2],
                                             scalars: [0.2683282, -0.3577709, -0.0894427, 0.1788854])) <= 1e-6)
        #expect(abs(bn.weight.gradient[flat: 0] + 1.3416408) <= 1e-6)
        #expect(bn.bias.gradient[flat: 0] == 1)
    }

    @Test func trainingForwardMatchesNaiveLoops() {
        let x = uniformAwayFromZero(shape: [3, 2, 3, 2], seed: 1).shifted(by: 0.7)
        let bn = Self.layer(channels: 2, seed: 2)
        let y = bn.forward(x, mode: .training)
        let naive = NaiveLayers.batchNorm(x, gamma: bn.weight.value.scalars, beta: bn.bias.value.scalars,
                                          epsilon: bn.epsilon)
        #expect(maximumDifference(y, naive.y) <= 1e-5)
        // One step from (0, 1) with momentum 0.1; the running variance is unbiased (m = 18 values).
        for c in 0..<2 {
            #expect(abs(Double(bn.runningMean.value[flat: c]) - 0.1 * naive.mean[c]) <= 1e-6)
            #expect(abs(Double(bn.runningVariance.value[flat: c]) - (0.9 + 0.1 * naive.variance[c] * 18 / 17)) <= 1e-6)
        }
    }

    @Test func inferenceUsesRunningStatisticsAfterTraining() {
        let bn = Self.layer(channels: 3, seed: 3)
        var mean = [Double](repeating: 0, count: 3), variance = [Double](repeating: 1, count: 3)
        for step in 0..<5 {
            let batch = uniformAwayFromZero(shape: [2, 3, 2, 2], seed: 10 + UInt64(step)).scaled(by: 2).shifted(by: 1)
            _ = bn.forward(batch, mode: .training)
            let naive = NaiveLayers.batchNorm(batch, gamma: [1, 1, 1], beta: [0, 0, 0], epsilon: 0)
            for c in 0..<3 {
                mean[c] = 0.9 * mean[c] + 0.1 * naive.mean[c]
                variance[c] = 0.9 * variance[c] + 0.1 * naive.variance[c] * 8 / 7
            }
        }
        for c in 0..<3 {
            #expect(abs(Double(bn.runningMean.value[flat: c]) - mean[c]) <= 1e-5)
            #expect(abs(Double(bn.runningVariance.value[flat: c]) - variance[c]) <= 1e-5)
        }

        let x = uniformAwayFromZero(shape: [2, 3, 2, 2], seed: 20)
        let y = bn.forward(x, mode: .inference)
        let expected = NaiveLayers.batchNorm(x, gamma: bn.weight.value.scalars, beta: bn.bias.value.scalars,
                                             mean: mean, variance: variance, epsilon: bn.epsilon)
        #expect(maximumDifference(y, expected) <= 1e-5)
        // Inference leaves the running statistics alone and differs from the batch statistics.
        #expect(abs(Double(bn.runningMean.value[flat: 0]) - mean[0]) <= 1e-5)
        #expect(maximumDifference(y, bn.forward(x, mode: .training)) > 1e-2)
    }

    @Test func gradientsMatchFiniteDifferences() {
        let x = uniformAwayFromZero(shape: [2, 3, 2, 2], seed: 4).scaled(by: 2)
        let mismatches = gradientMismatches(of: Self.layer(channels: 3, seed: 5), input: x)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func frozenAffineSkipsItsGradientButNotTheInputGradient() {
        let x = uniformAwayFromZero(shape: [2, 2, 3, 1], seed: 6)
        let frozen = Self.layer(channels: 2, seed: 7)
        frozen.freeze()
        // The check also reports any gradient that reaches a frozen parameter.
        let mismatches = gradientMismatches(of: frozen, input: x)
        #expect(mismatches.isEmpty, "\(mismatches)")

        let trained = Self.layer(channels: 2, seed: 7)
        _ = trained.forward(x, mode: .training)
        _ = frozen.forward(x, mode: .training)
        let dy = uniformAwayFromZero(shape: x.shape, seed: 8)
        #expect(trained.backward(dy, needsInputGradient: true) == frozen.backward(dy, needsInputGradient: true))
    }

    @Test func parameterGradientsWithoutInputGradient() {
        let x = uniformAwayFromZero(shape: [2, 2, 2, 2], seed: 9)
        let dy = uniformAwayFromZero(shape: x.shape, seed: 10)
        let a = Self.layer(channels: 2, seed: 11), b = Self.layer(channels: 2, seed: 11)
        _ = a.forward(x, mode: .training)
        _ = b.forward(x, mode: .training)
        #expect(a.backward(dy, needsInputGradient: false) == nil)
        _ = b.backward(dy, needsInputGradient: true)
        #expect(a.weight.gradient == b.weight.gradient && a.bias.gradient == b.bias.gradient)
        #expect(a.weight.gradient.scalars.contains { $0 != 0 })
    }
}

private extension Tensor {
    func scaled(by factor: Float) -> Tensor { Tensor(shape: shape, scalars: scalars.map { $0 * factor }) }
    func shifted(by offset: Float) -> Tensor { Tensor(shape: shape, scalars: scalars.map { $0 + offset }) }
}
