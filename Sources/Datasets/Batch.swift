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

    public var count: Int { exampleIndices.count }
}
