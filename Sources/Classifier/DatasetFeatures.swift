import Datasets
import NN

/// One row of features per example of a dataset, in the dataset's order, with which rows came
/// from an image that could be read.
public struct DatasetFeatures: Sendable {
    /// `[examples, D]`; rows of unreadable examples are zeros.
    public let features: Tensor
    public let readable: [Bool]
    /// The files that could not be decoded, with their reasons.
    public let skipped: [SkippedFile]

    public init(features: Tensor, readable: [Bool], skipped: [SkippedFile]) {
        precondition(features.rank == 2 && features.shape[0] == readable.count,
                     "features \(features.shape) for \(readable.count) examples")
        self.features = features
        self.readable = readable
        self.skipped = skipped
    }

    public var width: Int { features.shape[1] }

    /// The rows at `positions` that are readable, with the matching labels.
    public func rows(at positions: [Int], labels: [Int]) -> (features: Tensor, labels: [Int]) {
        precondition(positions.count == labels.count, "\(positions.count) positions, \(labels.count) labels")
        let kept = positions.indices.filter { readable[positions[$0]] }
        return (features.gatheringRows(kept.map { positions[$0] }), kept.map { labels[$0] })
    }
}
