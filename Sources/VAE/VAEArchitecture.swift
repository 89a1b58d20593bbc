import NN

/// The shape of a DFC-VAE-style convolutional VAE (workload W1 at 64x64).
///
/// Each encoder stage halves the image with a 4x4 stride-2 convolution and doubles the channels
/// (32, 64, 128, ... from `baseChannels`) until it is 4x4; the decoder mirrors it with transposed
/// convolutions, or with nearest upsampling and a 3x3 convolution (`decoder`). 32x32 has three
/// stages, 64x64 four, 128x128 five.
public struct VAEArchitecture: Equatable, Sendable, Codable {
    public static let supportedImageSizes = [32, 64, 128]
    /// Bounds on what may be built, checked again when a checkpoint's configuration is read, as
    /// a file's numbers must not decide an allocation unchecked: 4096 latent dimensions and 256
    /// base channels already make a model of gigabytes at 128x128.
    public static let maximumLatentDimension = 4096
    public static let maximumBaseChannels = 256

    public var imageSize: Int
    public var latentDimension: Int
    public var batchNormalization: Bool
    public var leakySlope: Float
    public var baseChannels: Int
    /// How each decoder stage doubles the image.
    public var decoder: DecoderKind

    public init(imageSize: Int = 64, latentDimension: Int = 100, batchNormalization: Bool = false,
                leakySlope: Float = 0.2, baseChannels: Int = 32, decoder: DecoderKind = .transposed) {
        precondition(Self.supportedImageSizes.contains(imageSize),
                     "image size \(imageSize) is not one of \(Self.supportedImageSizes)")
        precondition((1...Self.maximumLatentDimension).contains(latentDimension),
                     "latent dimension \(latentDimension) is outside 1...\(Self.maximumLatentDimension)")
        self.imageSize = imageSize
        self.latentDimension = latentDimension
        self.batchNormalization = batchNormalization
        self.leakySlope = leakySlope
        precondition((1...Self.maximumBaseChannels).contains(baseChannels),
                     "base channels \(baseChannels) are outside 1...\(Self.maximumBaseChannels)")
        self.baseChannels = baseChannels
        self.decoder = decoder
    }

    private enum CodingKeys: String, CodingKey {
        case imageSize, latentDimension, batchNormalization, leakySlope, baseChannels, decoder
    }

    /// Files written before the decoder could be chosen have no `decoder`: theirs was transposed.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        imageSize = try c.decode(Int.self, forKey: .imageSize)
        latentDimension = try c.decode(Int.self, forKey: .latentDimension)
        batchNormalization = try c.decode(Bool.self, forKey: .batchNormalization)
        leakySlope = try c.decode(Float.self, forKey: .leakySlope)
        baseChannels = try c.decode(Int.self, forKey: .baseChannels)
        self.decoder = try c.decodeIfPresent(DecoderKind.self, forKey: .decoder) ?? .transposed
        // What init(imageSize:...) requires, thrown rather than trapped: these come from files.
        guard Self.supportedImageSizes.contains(imageSize) else {
            throw DecodingError.dataCorruptedError(forKey: .imageSize, in: c, debugDescription:
                "image size \(imageSize) is not one of \(Self.supportedImageSizes)")
        }
        guard (1...Self.maximumLatentDimension).contains(latentDimension) else {
            throw DecodingError.dataCorruptedError(forKey: .latentDimension, in: c, debugDescription:
                "latent dimension \(latentDimension) is outside 1...\(Self.maximumLatentDimension)")
        }
        guard (1...Self.maximumBaseChannels).contains(baseChannels) else {
            throw DecodingError.dataCorruptedError(forKey: .baseChannels, in: c, debugDescription:
                "base channels \(baseChannels) are outside 1...\(Self.maximumBaseChannels)")
        }
    }

    /// The transposed decoder is left out of the file, so a default run's configuration.json and
    /// checkpoints stay byte for byte what they were before the choice existed.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(imageSize, forKey: .imageSize)
        try c.encode(latentDimension, forKey: .latentDimension)
        try c.encode(batchNormalization, forKey: .batchNormalization)
        try c.encode(leakySlope, forKey: .leakySlope)
        try c.encode(baseChannels, forKey: .baseChannels)
        if decoder != .transposed { try c.encode(decoder, forKey: .decoder) }
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
