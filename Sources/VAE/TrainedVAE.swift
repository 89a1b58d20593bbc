import Foundation
import NN

/// A VAE rebuilt from a checkpoint for use: reconstructing, sampling, interpolating.
public struct TrainedVAE {
    public let model: ConvVAE
    public let checkpoint: Checkpoint
    /// The checkpoint file the values came from.
    public let file: URL

    /// Loads `path`: a checkpoint file, or a run folder, whose newest checkpoint that loads is
    /// used (`warn` hears about damaged newer ones passed over). The model is built from the
    /// architecture saved in the checkpoint, so no option has to repeat it.
    public init(path: String, warn: (String) -> Void = { _ in }) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CheckpointError.notFound(path)
        }
        let url = URL(fileURLWithPath: path)
        if isDirectory.boolValue {
            (checkpoint, file) = try RunFolder(url).latestCheckpoint(warn: warn)
        } else {
            do {
                checkpoint = try Checkpoint(contentsOf: url)
            } catch is SafeTensorsError where url.pathExtension != "safetensors" {
                // An image or the JSON summary given by mistake: say what was expected.
                throw CheckpointError.notACheckpoint(file: path)
            }
            file = url
        }
        // The weights are replaced by the checkpoint's; the seed only fills them meanwhile.
        var generator = SeededGenerator(seed: 0)
        model = ConvVAE(checkpoint.configuration.architecture, generator: &generator)
        try checkpoint.restore(into: model, file: file.path)
    }

    public var architecture: VAEArchitecture { model.architecture }

    /// The run the checkpoint belongs to, where its fitted prior is kept.
    public var runFolder: RunFolder { RunFolder.containing(checkpoint: file) }

    /// One line for the user: which file, how far it was trained, and the model's shape.
    public var summary: String {
        let a = architecture
        return "\(file.path): step \(checkpoint.step), \(a.imageSize)x\(a.imageSize) images, "
            + "\(a.latentDimension) latent dimensions" + (a.decoder == .transposed ? "" : ", \(a.decoder.rawValue) decoder")
    }
}
