/// Everything one weight set gave in a comparison: how its features were made, each run, and the
/// summaries over the runs.
public struct WeightSetResult: Sendable, Equatable, Codable {
    public let name: String
    public let weightsChecksum: String
    /// nil for the untrained control.
    public let weightsFile: String?
    public let layer: String
    public let imageSize: Int
    public let featureWidth: Int
    public let extraction: FeatureExtractionRecord
    public let runs: [RunResult]
    public let accuracy: SampleSummary
    public let macroF1: SampleSummary
    /// Per class, over the runs.
    public let precision: [SampleSummary]
    public let recall: [SampleSummary]

    public init(name: String, weightsChecksum: String, weightsFile: String?, layer: String, imageSize: Int,
                featureWidth: Int, extraction: FeatureExtractionRecord, runs: [RunResult]) {
        precondition(!runs.isEmpty, "\(name): a result needs at least one run")
        self.name = name
        self.weightsChecksum = weightsChecksum
        self.weightsFile = weightsFile
        self.layer = layer
        self.imageSize = imageSize
        self.featureWidth = featureWidth
        self.extraction = extraction
        self.runs = runs
        accuracy = SampleSummary(runs.map(\.metrics.accuracy))
        macroF1 = SampleSummary(runs.map(\.metrics.macroF1))
        let classes = runs[0].metrics.precision.indices
        precision = classes.map { c in SampleSummary(runs.map { $0.metrics.precision[c] }) }
        recall = classes.map { c in SampleSummary(runs.map { $0.metrics.recall[c] }) }
    }

    /// Test confusion counts added over the runs.
    public var summedConfusion: [[Int]] {
        runs.dropFirst().reduce(runs[0].metrics.confusion) { total, run in
            zip(total, run.metrics.confusion).map { zip($0, $1).map(+) }
        }
    }
}
