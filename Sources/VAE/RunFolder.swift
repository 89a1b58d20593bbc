import Foundation

/// The files of one training run, in the layout a person can browse:
///
///     configuration.json       the resolved configuration
///     metrics-steps.csv        every step's loss terms and speed
///     metrics-epochs.csv       per epoch: training and validation losses, validation LPIPS, PSNR, SSIM
///                              and periodic-artifact ratio
///     loss-curve.png           training loss per step and validation loss per epoch
///     reconstructions/epoch-NNN.png   validation images beside their reconstructions
///     samples.png              decoded draws from the prior (at the end)
///     prior.safetensors        the fitted prior: a Gaussian mixture over the posterior means (at the end)
///     checkpoints/checkpoint-NNNNNNNN.safetensors (+ .json)
public struct RunFolder {
    public let url: URL

    public init(_ url: URL) { self.url = url }

    public var configurationFile: URL { url.appendingPathComponent("configuration.json") }
    public var stepMetricsFile: URL { url.appendingPathComponent("metrics-steps.csv") }
    public var epochMetricsFile: URL { url.appendingPathComponent("metrics-epochs.csv") }
    public var lossCurveFile: URL { url.appendingPathComponent("loss-curve.png") }
    public var samplesFile: URL { url.appendingPathComponent("samples.png") }
    public var priorFile: URL { url.appendingPathComponent("prior.safetensors") }
    public var checkpointsFolder: URL { url.appendingPathComponent("checkpoints") }
    public var reconstructionsFolder: URL { url.appendingPathComponent("reconstructions") }

    /// The run folder a checkpoint file belongs to: the folder above `checkpoints/`, or for a
    /// checkpoint kept anywhere else, its own folder (its prior is looked for beside it).
    public static func containing(checkpoint file: URL) -> RunFolder {
        let folder = file.deletingLastPathComponent()
        return RunFolder(folder.lastPathComponent == "checkpoints" ? folder.deletingLastPathComponent() : folder)
    }

    public func reconstructionFile(epoch: Int) -> URL {
        reconstructionsFolder.appendingPathComponent(String(format: "epoch-%03d.png", epoch + 1))
    }

    public func create() throws {
        for folder in [url, checkpointsFolder, reconstructionsFolder] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
    }

    /// Checkpoint files, oldest first.
    public func checkpoints() -> [URL] { checkpointFolderFiles(prefix: "checkpoint-", suffix: ".safetensors") }

    /// The newest checkpoint that loads; a damaged newer one is reported and passed over.
    public func latestCheckpoint(warn: (String) -> Void) throws -> (Checkpoint, URL) {
        for file in checkpoints().reversed() {
            do {
                return (try Checkpoint(contentsOf: file), file)
            } catch {
                warn("skipping \(file.lastPathComponent): \(error)")
            }
        }
        throw CheckpointError.noCheckpoint(folder: url.path)
    }

    /// Deletes all but the newest `keep` checkpoints up to `current` (and their summaries).
    /// Checkpoints of later steps are left alone: a resume passed over them as damaged, and
    /// counting them would delete the good ones just written. The run overwrites them as it
    /// reaches their steps.
    ///
    /// Also deletes the temporary files of checkpoint writes that never finished: a killed
    /// writer leaves one as large as a checkpoint, and the run calls this after its own write
    /// has finished, so any still there are abandoned.
    public func pruneCheckpoints(keep: Int, current: URL) {
        let upToCurrent = checkpoints().filter { $0.lastPathComponent <= current.lastPathComponent }
        for file in upToCurrent.dropLast(max(1, keep)) {
            try? FileManager.default.removeItem(at: file)
            try? FileManager.default.removeItem(at: file.deletingPathExtension().appendingPathExtension("json"))
        }
        for file in abandonedTemporaryFiles() { try? FileManager.default.removeItem(at: file) }
    }

    /// Temporary files of checkpoint writes (`.checkpoint-*.tmp`, see `SafeTensorsFile.write`).
    public func abandonedTemporaryFiles() -> [URL] { checkpointFolderFiles(prefix: ".checkpoint-", suffix: ".tmp") }

    /// The checkpoint folder's files named prefix…suffix, in name order.
    private func checkpointFolderFiles(prefix: String, suffix: String) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: checkpointsFolder.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }.sorted()
            .map { checkpointsFolder.appendingPathComponent($0) }
    }
}
