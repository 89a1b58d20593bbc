/// How an `MLPHead` is trained: Adam on shuffled mini-batches, stopped early when validation
/// accuracy has not improved for `patience` epochs, the best epoch's weights kept.
public struct HeadTraining: Sendable, Equatable, Codable {
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Double
    public var weightDecay: Double
    public var patience: Int
    /// Seeds the batch order (the head's own seed fixes its initialisation and dropout).
    public var seed: UInt64

    public init(epochs: Int = 50, batchSize: Int = 64, learningRate: Double = 1e-3, weightDecay: Double = 0,
                patience: Int = 10, seed: UInt64 = 0) {
        precondition(epochs > 0 && batchSize > 0 && patience > 0,
                     "epochs \(epochs), batch size \(batchSize) and patience \(patience) must be positive")
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.patience = patience
        self.seed = seed
    }
}
