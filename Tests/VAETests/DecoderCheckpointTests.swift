import Foundation
import NN
import Testing
import VAE

/// Checkpoints record the decoder: an upsample run is rebuilt with it (as `reconstruct`, `sample`
/// and `interpolate` do), and a checkpoint written before the choice existed still loads.
@Suite struct DecoderCheckpointTests {
    let folders = TemporaryFolders()

    @Test func anUpsampleCheckpointRebuildsTheUpsampleDecoder() throws {
        let folder = RunFolder(try folders.make())
        let architecture = VAEArchitecture(imageSize: 32, latentDimension: 8, baseChannels: 4, decoder: .upsample)
        let url = try CheckpointTests.writeCheckpoint(architecture, step: 3, in: folder)
        let trained = try TrainedVAE(path: folder.url.path)
        #expect(trained.file == url && trained.architecture.decoder == .upsample)
        #expect(trained.model.decoder.layers.contains { $0 is UpsampleConvolution })
        #expect(trained.summary.hasSuffix("8 latent dimensions, upsample decoder"))
        let saved = try Checkpoint(contentsOf: url)
        #expect(Dictionary(uniqueKeysWithValues: trained.model.parameters.map { ($0.name, $0.value) }) == saved.parameters)
        // The other decoder's names are not in it: restoring across decoders fails by name.
        var generator = SeededGenerator(seed: 1)
        var transposed = architecture
        transposed.decoder = .transposed
        let other = ConvVAE(transposed, generator: &generator)
        #expect(TrainingFixtures.failure(CheckpointError.self) { try saved.restore(into: other, file: "c") }
                == .missingTensor(file: "c", name: "decoder.deconv1.weight"))
    }

    /// A checkpoint whose configuration has neither `decoder` nor the loss's `inputScale` (as
    /// written before both existed) loads as the transposed decoder at loss-input scale 1.
    @Test func aCheckpointFromBeforeTheChoiceLoadsAsTransposed() throws {
        let folder = RunFolder(try folders.make())
        let url = try CheckpointTests.writeCheckpoint(step: 2, in: folder)
        let file = try SafeTensorsFile(contentsOf: url)
        let json = try #require(file.metadata["configuration"])
        #expect(!json.contains("decoder") && !json.contains("inputScale"))   // what an old file holds
        let trained = try TrainedVAE(path: url.path)
        #expect(trained.architecture.decoder == .transposed)
        #expect(trained.checkpoint.configuration.loss.inputScale == 1)
        #expect(trained.model.decoder.layers.contains { $0 is ConvTranspose2D })
        #expect(trained.summary.hasSuffix("latent dimensions"))   // as before: the default is not named
    }
}
