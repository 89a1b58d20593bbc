import NN

/// The shape of a DFC-VAE-style convolutional VAE (workload W1 at 64x64).
///
/// Each encoder stage halves the image with a 4x4 stride-2 convolution and doubles the channels
/// (32, 64, 128, ... from `baseChannels`) until it is 4x4; the decoder mirrors it with transposed
/// convolutions. 32x32 has three stages, 64x64 four, 128x128 five.
public struct VAEArchitecture: Equatable, Sendable, Codable {
    public static let supportedImageSizes = [32, 64, 128]

    public var imageSize: Int
    public var latentDimension: Int
    public var batchNormalization: Bool
    public var leakySlope: Float
    public var baseChannels: Int

    public init(imageSize: Int = 64, latentDimension: Int = 100, batchNormalization: Bool = false,
                leakySlope: Float = 0.2, baseChannels: Int = 32) {
        precondition(Self.supportedImageSizes.contains(imageSize),
                     "image size \(imageSize) is not one of \(Self.supportedImageSizes)")
        precondition(latentDimension > 0, "latent dimension must be positive")
        self.imageSize = imageSize
        self.latentDimension = latentDimension
        self.batchNormalization = batchNormalization
        self.leakySlope = leakySlope
        precondition(baseChannels > 0, "base channels must be positive")
        self.baseChannels = baseChannels
    }

    /// Channels after each encoder stage: 32, 64, 128, ... until the image is 4x4.
    public var stageChannels: [Int] {
        var channels: [Int] = []
        var size = imageSize
        while size > 4 {
            channels.append(baseChannels << channels.count)
            size /= 2
        }
        return channels
    }

    /// The encoder's last feature map [C, 4, 4], flattened into the latent heads.
    public var bottleneckShape: [Int] { [stageChannels.last!, 4, 4] }
    public var bottleneckFeatures: Int { bottleneckShape.reduce(1, *) }
}
