import FeatureNetworks
import Testing
import NN
import PerceptualLoss
import TestSupport

@Suite struct PerceptualLossTests {
    @Test func channelNormalizedDistanceGradient() {
        var g = SeededGenerator(seed: 2)
        let a = Tensor.uniform(shape: [2, 5, 2, 3], low: -1, high: 1, using: &g)
        let b = Tensor.uniform(shape: [2, 5, 2, 3], low: -1, high: 1, using: &g)
        let weights: [Float] = [0.5, 1, 0, 2, 0.1]
        let analytic = FeatureDistance.channelNormalized(a, b, channelWeights: weights).gradient!
        func mean(_ x: Tensor) -> Double {
            let d = FeatureDistance.channelNormalized(x, b, channelWeights: weights, needsGradient: false).perImage
            return d.reduce(0, +) / Double(d.count)
        }
        #expect(gradientMismatches(of: mean, at: a, analytic: analytic, step: 1e-3) == [])
        #expect(FeatureDistance.channelNormalized(a, a).perImage.allSatisfy { abs($0) < 1e-12 })
    }

    /// Exact case: one pixel, a = (3, 4) → (0.6, 0.8), b = (1, 0) → (1, 0): d = 0.4² + 0.8² = 0.8.
    @Test func channelNormalizedGolden() {
        let a = Tensor(shape: [1, 2, 1, 1], scalars: [3, 4]), b = Tensor(shape: [1, 2, 1, 1], scalars: [1, 0])
        #expect(abs(FeatureDistance.channelNormalized(a, b).perImage[0] - 0.8) < 1e-6)
    }

    /// dL/d(reconstruction) of the whole perceptual loss (embedded ImageNet AlexNet, relu1-3, plus a
    /// pixel term) against central differences on a sample of pixels, for both distances.
    @Test(arguments: PerceptualLossConfiguration.Distance.allCases)
    func gradientWithRespectToTheInput(_ distance: PerceptualLossConfiguration.Distance) throws {
        let loss = try PerceptualLoss(network: EmbeddedWeights.imagenetNetwork(),
                                      configuration: .init(layerWeights: [1, 0.5, 2], distance: distance, pixelWeight: 0.3))
        var g = SeededGenerator(seed: 3)
        let target = Tensor.uniform(shape: [2, 3, 40, 40], using: &g)
        let x = Tensor.uniform(shape: [2, 3, 40, 40], using: &g)
        let (failures, compared) = try inputGradientMismatches(of: loss, reconstruction: x, target: target, samples: 32,
                                                               kinkTolerance: 5e-2, generator: &g)
        #expect(compared >= 24)
        #expect(failures == [])
    }

    /// The target's features are computed in inference mode after the reconstruction's training
    /// forward: the cached activations must survive, so the gradient equals a run without it.
    @Test func targetForwardDoesNotDisturbTheCache() throws {
        let net = try EmbeddedWeights.imagenetNetwork()
        var g = SeededGenerator(seed: 4)
        let x = Tensor.uniform(shape: [2, 3, 48, 48], using: &g)
        let other = Tensor.uniform(shape: [3, 3, 48, 48], using: &g)
        let f = try net.features(x, at: ["relu2"], mode: .training)["relu2"]!
        let dy = Tensor.uniform(shape: f.shape, low: -1, high: 1, using: &g)
        let alone = try net.inputGradient(featureGradients: ["relu2": dy])
        _ = try net.features(x, at: ["relu2"], mode: .training)
        _ = try net.features(other, at: ["relu3"], mode: .inference)
        let again = try net.inputGradient(featureGradients: ["relu2": dy])
        #expect(again == alone)
        #expect(net.parameters.allSatisfy { $0.gradient.scalars.allSatisfy { $0 == 0 } })
    }

    @Test func termsAreReportedApart() throws {
        let loss = try PerceptualLoss(network: EmbeddedWeights.imagenetNetwork(),
                                      configuration: .init(layers: ["relu1", "relu2"], pixelWeight: 1))
        var g = SeededGenerator(seed: 5)
        let a = Tensor.uniform(shape: [1, 3, 32, 32], using: &g), b = Tensor.uniform(shape: [1, 3, 32, 32], using: &g)
        let value = try loss.evaluate(reconstruction: a, target: b)
        #expect(value.layerTerms.map(\.layer) == ["relu1", "relu2"])
        #expect(abs(value.total - value.layerTerms.map(\.value).reduce(0, +) - value.pixelTerm) < 1e-9)
        #expect(value.pixelTerm > 0)
        #expect(try loss.evaluate(reconstruction: a, target: a).total == 0)
    }
}
