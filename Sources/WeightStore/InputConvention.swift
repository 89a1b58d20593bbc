/// How a network's inputs were prepared when it was trained, so features are computed the same way.
public struct InputConvention: Sendable, Equatable {
    public enum ChannelOrder: String, Sendable, Equatable {
        case rgb
        case bgr
    }

    public let channelOrder: ChannelOrder
    /// Pixels are scaled to [0, pixelScale] before the mean is subtracted: 1 for torchvision, 255 for Caffe.
    public let pixelScale: Float
    /// Per-channel mean, in `channelOrder`, on the `pixelScale` scale.
    public let mean: [Float]
    /// Per-channel divisor after the mean (all ones for Caffe models).
    public let standardDeviation: [Float]
    /// A file of the set with the full mean image, preferred over `mean` where the loader reads it.
    public let meanImageFile: String?
    /// The square input side the network was trained on.
    public let inputSize: Int

    public init(channelOrder: ChannelOrder, pixelScale: Float, mean: [Float], standardDeviation: [Float],
                meanImageFile: String? = nil, inputSize: Int) {
        self.channelOrder = channelOrder
        self.pixelScale = pixelScale
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.meanImageFile = meanImageFile
        self.inputSize = inputSize
    }
}
