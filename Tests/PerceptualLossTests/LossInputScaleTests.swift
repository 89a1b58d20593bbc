import FeatureNetworks
import Testing
import NN
import PerceptualLoss
import TestSupport

/// `inputScale`: both images upsampled (nearest) before the loss network, and the gradient taken
/// back through the upsampling to the reconstruction.
@Suite struct LossInputScaleTests {
    static func loss(scale: Int, distance: PerceptualLossConfiguration.Distance = .meanSquared,
                     pixelWeight: Float = 0) throws -> PerceptualLoss {
        try PerceptualLoss(network: EmbeddedWeights.imagenetNetwork(),
                           configuration: .init(layerWeights: [1, 0.5, 2], distance: distance, pixelWeight: pixelWeight,
                                                inputScale: scale))
    }

    /// The scaled loss is the unscaled loss of the upsampled images, and its gradient is that
    /// loss's gradient with each block summed back into its source pixel; the pixel term stays
    /// on the images as they are.
    @Test func itIsTheLossOfTheUpsampledImages() throws {
        var g = SeededGenerator(seed: 7)
        let target = Tensor.uniform(shape: [2, 3, 24, 24], using: &g)
        let x = Tensor.uniform(shape: [2, 3, 24, 24], using: &g)
        let scaled = try Self.loss(scale: 2, pixelWeight: 0.3).evaluate(reconstruction: x, target: target)
        let upsample = Upsample(scaleFactor: 2)
        let bigTarget = upsample.forward(target, mode: .inference), bigX = upsample.forward(x, mode: .training)
        let plain = try Self.loss(scale: 1).evaluate(reconstruction: bigX, target: bigTarget)
        let pixel = MeanSquaredError(prediction: x, target: target, weight: 0.3)
        #expect(abs(scaled.total - plain.total - Double(pixel.value)) < 1e-9 * max(1, abs(scaled.total)))
        var expected = upsample.backward(plain.gradient!, needsInputGradient: true)!
        for i in 0..<expected.count { expected[flat: i] += pixel.gradient[flat: i] }
        #expect(maximumDifference(scaled.gradient!, expected) <= 1e-6 * max(1, expected.scalars.map(abs).max()!))
    }

    /// dL/d(reconstruction) at scale 2 against central differences on a sample of pixels, for
    /// both distances (pixels where a ReLU or max-pool switches inside the step are skipped; see
    /// `inputGradientMismatches` for the tolerances). A pixel here moves a 2x2 block of the network's
    /// input, so more of them cross a kink than at scale 1: more are sampled, and one-sided slopes
    /// that differ by 2% (not 5%) already mark a kink, since a kink in one of four places can
    /// bend the slope less than in one.
    @Test(arguments: PerceptualLossConfiguration.Distance.allCases)
    func gradientWithRespectToTheInput(_ distance: PerceptualLossConfiguration.Distance) throws {
        let loss = try Self.loss(scale: 2, distance: distance, pixelWeight: 0.3)
        var g = SeededGenerator(seed: 8)
        let target = Tensor.uniform(shape: [2, 3, 20, 20], using: &g)
        let x = Tensor.uniform(shape: [2, 3, 20, 20], using: &g)
        let (failures, compared) = try inputGradientMismatches(of: loss, reconstruction: x, target: target, samples: 64,
                                                               kinkTolerance: 2e-2, generator: &g)
        #expect(compared >= 24, "\(compared) of 64 pixels compared")
        #expect(failures == [])
    }
}
