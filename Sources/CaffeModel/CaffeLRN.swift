/// A Caffe `LRN` layer's parameters (ACROSS_CHANNELS only).
///
/// Caffe computes y = x / (k + alpha / size · Σ x²)^beta over `size` neighbouring channels:
/// note that alpha is divided by the window size.
public struct CaffeLRN: Sendable, Equatable {
    public var size: Int
    public var alpha: Float
    public var beta: Float
    public var k: Float

    /// Defaults are caffe.proto's: local_size 5, alpha 1, beta 0.75, k 1.
    public init(size: Int = 5, alpha: Float = 1, beta: Float = 0.75, k: Float = 1) {
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.k = k
    }
}
