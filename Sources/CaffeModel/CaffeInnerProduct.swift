/// A Caffe `InnerProduct` (fully connected) layer's parameters.
///
/// Its blobs are the weight [outputCount, inputCount] ([inputCount, outputCount] if `isTransposed`;
/// legacy V1 files: [1, 1, outputCount, inputCount]) and, if `hasBias`, the bias [outputCount].
public struct CaffeInnerProduct: Sendable, Equatable {
    public var outputCount: Int
    public var hasBias: Bool
    /// The first input axis flattened into each row (1: everything after the batch axis).
    public var axis: Int
    public var isTransposed: Bool

    public init(outputCount: Int, hasBias: Bool = true, axis: Int = 1, isTransposed: Bool = false) {
        self.outputCount = outputCount
        self.hasBias = hasBias
        self.axis = axis
        self.isTransposed = isTransposed
    }
}
