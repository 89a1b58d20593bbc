import NN

/// A batch of preprocessed images and their labels.
public struct Batch: Sendable {
    public let epoch: Int
    /// Position of the batch in its epoch: a run resumed at `index + 1` continues after it.
    public let index: Int
    /// [n, 3, size, size] in [0, 1]. n is the batch size except for the last batch of an epoch
    /// and for batches that lost files which failed to decode.
    public let images: Tensor
    /// The class of each image, when every example of the split has one.
    public let labels: [Int]?
    /// Indices into the split's examples, image by image.
    public let exampleIndices: [Int]
    /// Whether each image was mirrored left to right.
    public let flipped: [Bool]
    /// The batch's members before unreadable files were left out and before sharding, and each
    /// image's place among them: what ties a rank's images to the whole batch's noise rows.
    public let plannedCount: Int
    public let plannedPositions: [Int]

    public var count: Int { exampleIndices.count }
}
