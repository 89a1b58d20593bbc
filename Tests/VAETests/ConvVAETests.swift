import Testing
import NN
import TestSupport
import VAE

@Suite struct ConvVAETests {
    @Test(arguments: [32, 64, 128]) func shapesFollowTheImageSize(_ size: Int) {
        var g = SeededGenerator(seed: 1)
        let vae = ConvVAE(VAEArchitecture(imageSize: size, latentDimension: 8, baseChannels: 2), generator: &g)
        let x = Tensor.uniform(shape: [2, 3, size, size], using: &g)
        let out = vae.forward(x, mode: .inference, generator: &g)
        #expect(out.reconstruction.shape == [2, 3, size, size])
        #expect(out.mean.shape == [2, 8] && out.logVariance.shape == [2, 8])
        #expect(out.reconstruction.scalars.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(vae.architecture.stageChannels.count == [32: 3, 64: 4, 128: 5][size])
    }

    /// W1's architecture at 64x64: 3→32→64→128→256 channels, 4096 bottleneck features.
    @Test func defaultArchitectureIsWorkloadW1() {
        let a = VAEArchitecture()
        #expect(a.stageChannels == [32, 64, 128, 256])
        #expect(a.bottleneckFeatures == 4096)
        var g = SeededGenerator(seed: 2)
        let vae = ConvVAE(a, generator: &g)
        let encoder: Int = (3 * 32 * 16 + 32) + (32 * 64 * 16 + 64) + (64 * 128 * 16 + 128) + (128 * 256 * 16 + 256)
        let heads: Int = 2 * (4096 * 100 + 100)
        let decoder: Int = (100 * 4096 + 4096) + (256 * 128 * 16 + 128) + (128 * 64 * 16 + 64)
            + (64 * 32 * 16 + 32) + (32 * 3 * 16 + 3)
        #expect(vae.parameters.map(\.value.count).reduce(0, +) == encoder + heads + decoder)
    }

    /// The whole VAE against central differences: loss = Σ r ⊙ x̂ + KL(μ, log σ²), with the same
    /// noise ε in every forward. Every parameter tensor is probed (a sample of its entries).
    /// With LeakyReLU slope 1 there are no kinks, so every entry must agree (this checks the
    /// wiring: decoder, reparameterisation, KL, both heads, trunk, batch norm); with W1's slope 0.2
    /// a ±step can cross a kink (a bias moves a whole channel), so a smaller step is used there.
    @Test(arguments: [(false, Float(1), Float(1e-2)), (true, 1, 1e-2), (false, 0.2, 1e-3)])
    func wholeModelGradientsMatchFiniteDifferences(_ batchNorm: Bool, _ slope: Float, _ step: Float) {
        let vae = Self.probedVAE(VAEArchitecture(imageSize: 32, latentDimension: 3, batchNormalization: batchNorm,
                                                 leakySlope: slope, baseChannels: 2))
        #expect(vae.mismatches(step) == [])
    }

    /// Without sampling the code is the mean, so reconstruction is deterministic.
    @Test func inferenceWithoutSamplingIsDeterministic() {
        var g = SeededGenerator(seed: 5)
        let vae = ConvVAE(VAEArchitecture(imageSize: 32, latentDimension: 4, baseChannels: 2), generator: &g)
        let x = Tensor.uniform(shape: [1, 3, 32, 32], using: &g)
        var a = SeededGenerator(seed: 1), b = SeededGenerator(seed: 2)
        let first = vae.forward(x, mode: .inference, sampling: false, generator: &a)
        let second = vae.forward(x, mode: .inference, sampling: false, generator: &b)
        #expect(first.reconstruction == second.reconstruction)
        #expect(first.z == first.mean)
    }

    /// A VAE of `architecture` seeded as the whole-model checks use it, with its backward pass
    /// taken for loss = Σ r ⊙ x̂ + KL(μ, log σ²) (x and r drawn after the weights, the noise ε
    /// the same in every forward), and the parameter-gradient check against that loss.
    static func probedVAE(_ architecture: VAEArchitecture) -> (model: ConvVAE, mismatches: (Float) -> [String]) {
        var g = SeededGenerator(seed: 3)
        let vae = ConvVAE(architecture, generator: &g)
        let x = Tensor.uniform(shape: [2, 3, 32, 32], using: &g)
        let r = Tensor.uniform(shape: [2, 3, 32, 32], low: -1, high: 1, using: &g)

        func loss() -> Double {
            var noise = SeededGenerator(seed: 99)
            let out = vae.forward(x, mode: .training, generator: &noise)
            var total = Double(GaussianKL(mean: out.mean, logVariance: out.logVariance).value)
            for i in 0..<r.count { total += Double(r[flat: i]) * Double(out.reconstruction[flat: i]) }
            return total
        }

        for p in vae.parameters { p.zeroGradient() }
        var noise = SeededGenerator(seed: 99)
        let out = vae.forward(x, mode: .training, generator: &noise)
        let kl = GaussianKL(mean: out.mean, logVariance: out.logVariance)
        vae.backward(reconstructionGradient: r, meanGradient: kl.meanGradient,
                     logVarianceGradient: kl.logVarianceGradient)
        return (vae, { step in parameterGradientMismatches(vae.parameters, step: step, loss: loss) })
    }
}
