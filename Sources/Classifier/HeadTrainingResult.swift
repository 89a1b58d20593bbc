/// What a training run did, epoch by epoch.
public struct HeadTrainingResult: Sendable, Equatable, Codable {
    /// Mean training loss of each epoch run.
    public var trainingLoss: [Double]
    public var validationAccuracy: [Double]
    /// The epoch (from 1) whose weights were kept.
    public var bestEpoch: Int

    public var epochsRun: Int { trainingLoss.count }
    public var bestValidationAccuracy: Double { validationAccuracy[bestEpoch - 1] }
}
