/// One training and test run of a head on one weight set's features.
public struct RunResult: Sendable, Equatable, Codable {
    /// Seeds the split (when carved), the head's initialisation and dropout, and the batch order.
    public let seed: UInt64
    public let trainCount: Int
    public let validationCount: Int
    public let testCount: Int
    public let training: HeadTrainingResult
    /// On the test split.
    public let metrics: ClassificationMetrics

    public init(seed: UInt64, trainCount: Int, validationCount: Int, testCount: Int, training: HeadTrainingResult,
                metrics: ClassificationMetrics) {
        self.seed = seed
        self.trainCount = trainCount
        self.validationCount = validationCount
        self.testCount = testCount
        self.training = training
        self.metrics = metrics
    }
}
