/// Where a classifier's input features come from: enough to extract them again for new images,
/// and to notice when the weights have changed since training.
public struct FeatureConfiguration: Sendable, Equatable, Codable {
    /// The weight set as named for training (`imagenet`, `random`, or a weight file's path).
    public let weightSet: String
    public let weightsFile: String?
    public let weightsChecksum: String
    /// The seed of the untrained control (used only when `weightSet` is `random`).
    public let randomSeed: UInt64
    public let layer: String
    public let imageSize: Int
    public let preprocessing: String

    public init(weightSet: String, weightsFile: String?, weightsChecksum: String, randomSeed: UInt64, layer: String,
                imageSize: Int, preprocessing: String) {
        self.weightSet = weightSet
        self.weightsFile = weightsFile
        self.weightsChecksum = weightsChecksum
        self.randomSeed = randomSeed
        self.layer = layer
        self.imageSize = imageSize
        self.preprocessing = preprocessing
    }
}
