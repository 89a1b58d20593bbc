/// A Caffe `LRN` layer's parameters.
///
/// ACROSS_CHANNELS: y = x / (k + alpha / size · Σ x²)^beta over `size` neighbouring channels
/// (alpha is divided by the window size). WITHIN_CHANNEL: y = x / (1 + alpha / size² · Σ x²)^beta
/// over a size x size spatial window in the same channel (k is not used; see `WithinChannelLRN`).
public struct CaffeLRN: Sendable, Equatable {
    public enum Region: Sendable, Equatable { case acrossChannels, withinChannel }

    public var size: Int
    public var alpha: Float
    public var beta: Float
    public var k: Float
    public var region: Region

    /// Defaults are caffe.proto's: local_size 5, alpha 1, beta 0.75, k 1, ACROSS_CHANNELS.
    public init(size: Int = 5, alpha: Float = 1, beta: Float = 0.75, k: Float = 1, region: Region = .acrossChannels) {
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.k = k
        self.region = region
    }
}
