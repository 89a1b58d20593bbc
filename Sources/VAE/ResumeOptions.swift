import Foundation

/// The options given again when a run is resumed, and every check on them. The run's
/// configuration comes from its checkpoint, and only the number of epochs may change: an option
/// that disagrees with the run, or that only a new run sets, is an error rather than silently
/// ignored.
public struct ResumeOptions: Sendable, Equatable {
    public var data: String?
    public var imageSize: Int?
    public var latentDimension: Int?
    public var batchNormalization: Bool?
    public var batchSize: Int?
    public var lossNetwork: String?
    public var lossNetworkFile: String?
    public var seed: UInt64?
    public var epochs: Int?
    /// Options given that only a new run sets (the loss, the rate, the limits, the run folder:
    /// `--lr`, `--out`, ...), by name; resuming with any of them is an error.
    public var newRunOptions: [String]

    public init(data: String? = nil, imageSize: Int? = nil, latentDimension: Int? = nil, batchNormalization: Bool? = nil,
                batchSize: Int? = nil, lossNetwork: String? = nil, lossNetworkFile: String? = nil, seed: UInt64? = nil,
                epochs: Int? = nil, newRunOptions: [String] = []) {
        self.data = data
        self.imageSize = imageSize
        self.latentDimension = latentDimension
        self.batchNormalization = batchNormalization
        self.batchSize = batchSize
        self.lossNetwork = lossNetwork
        self.lossNetworkFile = lossNetworkFile
        self.seed = seed
        self.epochs = epochs
        self.newRunOptions = newRunOptions
    }

    /// The run in the folder at `path` to continue: its newest checkpoint that loads (`warn`
    /// hears about damaged newer ones) and the configuration to continue with. An option only a
    /// new run sets is rejected before any checkpoint is read.
    public func resume(runAt path: String, warn: (String) -> Void) throws
        -> (configuration: TrainingConfiguration, folder: RunFolder, checkpoint: Checkpoint, file: URL) {
        if let option = newRunOptions.first {
            throw CheckpointError.fixedByRun(folder: path, option: option)
        }
        let folder = RunFolder(URL(fileURLWithPath: path))
        let (checkpoint, file) = try folder.latestCheckpoint(warn: warn)
        return (try configuration(resuming: checkpoint.configuration, file: file), folder, checkpoint, file)
    }

    /// The configuration to continue with: `saved` (from the checkpoint `file`) with these epochs,
    /// or an error naming `file` and the first option that disagrees.
    public func configuration(resuming saved: TrainingConfiguration, file: URL) throws -> TrainingConfiguration {
        let architecture = saved.architecture
        func mismatch(_ trained: String, _ requested: String) -> CheckpointError {
            .architectureMismatch(file: file.path, saved: trained, requested: requested)
        }
        if let imageSize, imageSize != architecture.imageSize {
            throw mismatch("\(architecture.imageSize)x\(architecture.imageSize) images", "--image-size \(imageSize)")
        }
        if let latentDimension, latentDimension != architecture.latentDimension {
            throw mismatch("latent dimension \(architecture.latentDimension)", "--latent-dim \(latentDimension)")
        }
        if let batchNormalization, batchNormalization != architecture.batchNormalization {
            throw mismatch(architecture.batchNormalization ? "batch normalisation" : "no batch normalisation",
                           batchNormalization ? "--batch-norm" : "without --batch-norm")
        }
        // Paths are compared as absolute, standardised paths: `./shapes` is `shapes`.
        func path(_ text: String?) -> String? { text.map { URL(fileURLWithPath: $0).standardizedFileURL.path } }
        let options: [(option: String, given: String?, saved: String?, same: Bool)] = [
            ("--data", data, saved.data, path(data) == path(saved.data)),
            ("--batch-size", batchSize.map(String.init), "\(saved.batchSize)", batchSize == saved.batchSize),
            ("--loss-net", lossNetwork, saved.lossNetwork, lossNetwork == saved.lossNetwork),
            ("--loss-net-file", lossNetworkFile, saved.lossNetworkFile, path(lossNetworkFile) == path(saved.lossNetworkFile)),
            ("--seed", seed.map { "\($0)" }, "\(saved.seed)", seed == saved.seed),
        ]
        if let conflict = options.first(where: { $0.given != nil && !$0.same }) {
            throw CheckpointError.conflictingOption(file: file.path, option: conflict.option, given: conflict.given!,
                                                    saved: conflict.saved)
        }
        var configuration = saved
        if let epochs { configuration.epochs = epochs }
        return configuration
    }
}
