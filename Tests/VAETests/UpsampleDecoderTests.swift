import Foundation
import Testing
import NN
import TestSupport
import VAE

/// `--decoder upsample`: nearest x2 and a 3x3 convolution per stage instead of the transposed
/// convolution, with the same shapes, channels and activations; and files from before the choice.
@Suite struct UpsampleDecoderTests {
    /// Both decoders turn z into the same image shape at every size, with one convolution per
    /// stage of the same channels; each upsample stage is an UpsampleConvolution.
    @Test(arguments: [32, 64, 128]) func outputShapesMatchTheTransposedDecoder(_ size: Int) {
        var g = SeededGenerator(seed: 1)
        let transposed = ConvVAE(VAEArchitecture(imageSize: size, latentDimension: 8, baseChannels: 2), generator: &g)
        let upsample = ConvVAE(VAEArchitecture(imageSize: size, latentDimension: 8, baseChannels: 2, decoder: .upsample),
                               generator: &g)
        let z = Tensor.uniform(shape: [2, 8], low: -1, high: 1, using: &g)
        let a = transposed.decode(z, mode: .inference), b = upsample.decode(z, mode: .inference)
        #expect(a.shape == [2, 3, size, size] && b.shape == a.shape)
        #expect(b.scalars.allSatisfy { $0 > 0 && $0 < 1 })   // the same Sigmoid at the end
        let deconvolutions = transposed.decoder.layers.compactMap { $0 as? ConvTranspose2D }
        let convolutions = upsample.decoder.layers.compactMap { $0 as? UpsampleConvolution }
        #expect(convolutions.map(\.outputChannels) == deconvolutions.map(\.outputChannels))
        #expect(convolutions.allSatisfy { $0.weight.value.shape.suffix(2) == [3, 3] })
        #expect(!upsample.decoder.layers.contains { $0 is ConvTranspose2D })
    }

    /// The whole VAE with the upsample decoder against central differences (loss = Σ r ⊙ x̂ + KL,
    /// the same noise in every forward), every parameter tensor probed on a sample of entries;
    /// slope 1 has no kinks, so every entry must agree; with batch norm too.
    @Test(arguments: [false, true]) func wholeModelGradientsMatchFiniteDifferences(_ batchNorm: Bool) {
        let vae = ConvVAETests.probedVAE(VAEArchitecture(imageSize: 32, latentDimension: 3, batchNormalization: batchNorm,
                                                         leakySlope: 1, baseChannels: 2, decoder: .upsample))
        #expect(vae.model.parameters.contains { $0.name.hasPrefix("decoder.upconv") })
        #expect(vae.mismatches(1e-2) == [])
    }

    /// The decoder alone (a Layer) through the shared layer check: input (z) and every parameter.
    @Test func decoderLayerGradientsMatchFiniteDifferences() {
        var g = SeededGenerator(seed: 6)
        let vae = ConvVAE(VAEArchitecture(imageSize: 32, latentDimension: 3, leakySlope: 1, baseChannels: 1,
                                          decoder: .upsample), generator: &g)
        let z = Tensor.uniform(shape: [1, 3], low: -1, high: 1, using: &g)
        #expect(gradientMismatches(of: vae.decoder, input: z) == [])
    }

    /// The configuration of a run from before the choice has no `decoder` and no loss
    /// `inputScale`: it decodes as the transposed decoder at scale 1; and those defaults are left
    /// out when written, so the default files stay as they were.
    @Test func filesWithoutTheFieldsAreTheOldDefaults() throws {
        let old = #"{"imageSize":64,"latentDimension":100,"batchNormalization":false,"leakySlope":0.2,"baseChannels":32}"#
        let architecture = try JSONDecoder().decode(VAEArchitecture.self, from: Data(old.utf8))
        #expect(architecture.decoder == .transposed && architecture == VAEArchitecture())
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let configuration = TrainingConfiguration.defaults
        let text = String(decoding: try encoder.encode(configuration), as: UTF8.self)
        #expect(!text.contains("decoder") && !text.contains("inputScale"))
        #expect(try JSONDecoder().decode(TrainingConfiguration.self, from: Data(text.utf8)) == configuration)

        var chosen = configuration
        chosen.architecture.decoder = .upsample
        chosen.loss.inputScale = 2
        let written = try encoder.encode(chosen)
        #expect(try JSONDecoder().decode(TrainingConfiguration.self, from: written) == chosen)
        let zero = String(decoding: written, as: UTF8.self).replacingOccurrences(of: #""inputScale":2"#, with: #""inputScale":0"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TrainingConfiguration.self, from: Data(zero.utf8)) }
    }
}
