import Datasets
import PerceptualLoss

/// Everything that defines a training run; saved as `configuration.json` in the run folder and
/// inside every checkpoint, so a run can be resumed and its pictures regenerated.
///
/// The initialiser's defaults are the only ones: `vae-cli train` takes what it is not given from
/// `defaults` (or `shortRun`) and shows them in its help.
public struct TrainingConfiguration: Codable, Equatable, Sendable {
    /// An image folder or Fashion-MNIST's IDX folder.
    public var data: String
    public var architecture: VAEArchitecture
    /// A named weight set (`imagenet`, `places205`, `bvlc-alexnet`) or nil when `lossNetworkFile` is set.
    public var lossNetwork: String?
    public var lossNetworkFile: String?
    public var loss: PerceptualLossConfiguration
    /// The KL term's weight. The perceptual term is a mean over ~10^4 feature elements and the KL
    /// a sum over the latent dimensions, so weight 1 lets the KL win and the posterior collapse
    /// (the decoder ignores z); the default is a thousand times lower and keeps the code in use.
    public var klWeight: Float
    /// Steps over which the KL weight rises linearly from 0 to `klWeight` (0: no warm-up).
    public var klWarmUpSteps: Int
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Double
    /// How the learning rate moves over the run; nil (files written before the choice existed,
    /// and runs that keep it fixed) is `constant`, so their configuration files stay as they were.
    public var learningRateSchedule: LearningRateSchedule?
    public var seed: UInt64
    public var horizontalFlips: Bool
    /// At most this many training images (a seeded stratified subset), for short runs.
    public var trainingLimit: Int?
    public var validationLimit: Int?
    public var checkpointEvery: Int
    public var keepCheckpoints: Int

    public init(data: String = DataSource.fashionMNISTPath, architecture: VAEArchitecture = VAEArchitecture(),
                lossNetwork: String? = "imagenet", lossNetworkFile: String? = nil,
                loss: PerceptualLossConfiguration = PerceptualLossConfiguration(), klWeight: Float = 0.001,
                klWarmUpSteps: Int = 0, epochs: Int = 1, batchSize: Int = 64, learningRate: Double = 5e-4,
                learningRateSchedule: LearningRateSchedule? = nil, seed: UInt64 = 1, horizontalFlips: Bool = false, trainingLimit: Int? = nil, validationLimit: Int? = 1024,
                checkpointEvery: Int = 500, keepCheckpoints: Int = 3) {
        self.data = data
        self.architecture = architecture
        self.lossNetwork = lossNetwork
        self.lossNetworkFile = lossNetworkFile
        self.loss = loss
        self.klWeight = klWeight
        self.klWarmUpSteps = klWarmUpSteps
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.learningRateSchedule = learningRateSchedule == .constant ? nil : learningRateSchedule
        self.seed = seed
        self.horizontalFlips = horizontalFlips
        self.trainingLimit = trainingLimit
        self.validationLimit = validationLimit
        self.checkpointEvery = checkpointEvery
        self.keepCheckpoints = keepCheckpoints
    }

    /// The largest batch: 4096 images of 128x128 are 800 MB as a float tensor, before activations.
    public static let maximumBatchSize = 4096

    /// What is out of bounds in a configuration read from a file (the architecture checks its own
    /// when decoded), or nil: the counts `vae-cli train` requires to be positive, and the batch
    /// size, which decides an allocation per step.
    public var boundsProblem: String? {
        for (name, value) in [("epochs", epochs), ("checkpointEvery", checkpointEvery), ("keepCheckpoints", keepCheckpoints)]
        where value <= 0 {
            return "\(name) \(value) is not positive"
        }
        if !(1...Self.maximumBatchSize).contains(batchSize) {
            return "batch size \(batchSize) is outside 1...\(Self.maximumBatchSize)"
        }
        return nil
    }

    /// Every default: W1's architecture and loss on Fashion-MNIST, all its training images.
    public static let defaults = TrainingConfiguration()

    /// The run `vae-cli train` makes when told neither its data, a training-image limit nor its
    /// epochs: the defaults on a stratified 12,800 of Fashion-MNIST's training images for 2
    /// epochs, validated on 256 images, a first look at the method within minutes.
    public static let shortRun: TrainingConfiguration = {
        var run = defaults
        run.trainingLimit = 12_800
        run.epochs = 2
        run.validationLimit = 256
        return run
    }()

    /// The images per step on an image folder (`defaults(forData:)`).
    public static let imageFolderBatchSize = 16

    /// The defaults `train` starts from for `data`. On an image folder (colour photos, usually a
    /// few thousand of them):
    /// - the upsample decoder, which leaves no checkerboard on photos where the transposed one
    ///   paints a dot grid at the stride lattice (docs/QUALITY.md);
    /// - batches of `imageFolderBatchSize`: on a folder of thousands, 64-image batches give too
    ///   few steps for the perceptual loss to reach fine detail in a run of minutes; an epoch
    ///   takes longer in smaller batches, but fewer of them are needed.
    /// On IDX data (Fashion-MNIST, grey and plain) the defaults as they are.
    public static func defaults(forData data: String) -> TrainingConfiguration {
        var configuration = defaults
        configuration.data = data
        if DataSource.isImageFolder(data) {
            configuration.architecture.decoder = .upsample
            configuration.batchSize = imageFolderBatchSize
        }
        return configuration
    }

    /// Adam's learning rate at `step` (counted from 0) of a run of `totalSteps`.
    public func learningRate(atStep step: Int, totalSteps: Int) -> Double {
        (learningRateSchedule ?? .constant).rate(base: learningRate, step: step, totalSteps: totalSteps)
    }

    /// The KL weight at `step` (counted from 0), after the linear warm-up.
    public func klWeight(atStep step: Int) -> Float {
        guard klWarmUpSteps > 0 else { return klWeight }
        return klWeight * min(1, Float(step + 1) / Float(klWarmUpSteps))
    }
}
