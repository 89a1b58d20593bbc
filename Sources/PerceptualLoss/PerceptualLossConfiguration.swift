/// What the perceptual loss measures: which stages, how much each counts, which distance, and an
/// optional pixel term. DFC-VAE's choice is the default: relu1, relu2, relu3, equally weighted,
/// mean squared difference, on the images as they are (`inputScale` 1).
public struct PerceptualLossConfiguration: Codable, Equatable, Sendable {
    public enum Distance: String, Codable, Sendable, CaseIterable {
        case meanSquared = "mse"
        /// LPIPS-style: channel vectors unit-normalised per pixel, squared differences summed
        /// over channels and averaged over pixels.
        case channelNormalized = "normalized"
    }

    public var layers: [String]
    public var layerWeights: [Float]
    public var distance: Distance
    public var pixelWeight: Float
    /// Both images are upsampled by this factor (nearest) before the network sees them. AlexNet's
    /// conv1 has stride 4: at 64x64 it samples the image on a period-4 lattice, so a pattern at
    /// that period costs the loss little; at x2 the lattice falls between the image's pixels.
    public var inputScale: Int

    public init(layers: [String] = ["relu1", "relu2", "relu3"], layerWeights: [Float]? = nil,
                distance: Distance = .meanSquared, pixelWeight: Float = 0, inputScale: Int = 1) {
        precondition(!layers.isEmpty || pixelWeight > 0, "a perceptual loss needs a layer or a pixel term")
        self.layers = layers
        self.layerWeights = layerWeights ?? [Float](repeating: 1, count: layers.count)
        precondition(self.layerWeights.count == layers.count,
                     "\(self.layerWeights.count) layer weights for \(layers.count) layers")
        self.distance = distance
        self.pixelWeight = pixelWeight
        precondition(inputScale >= 1, "the loss-input scale must be at least 1, found \(inputScale)")
        self.inputScale = inputScale
    }

    private enum CodingKeys: String, CodingKey { case layers, layerWeights, distance, pixelWeight, inputScale }

    /// Files written before the scale existed have none: theirs was 1.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        layers = try c.decode([String].self, forKey: .layers)
        layerWeights = try c.decode([Float].self, forKey: .layerWeights)
        distance = try c.decode(Distance.self, forKey: .distance)
        pixelWeight = try c.decode(Float.self, forKey: .pixelWeight)
        inputScale = try c.decodeIfPresent(Int.self, forKey: .inputScale) ?? 1
        guard inputScale >= 1 else {
            throw DecodingError.dataCorruptedError(forKey: .inputScale, in: c, debugDescription: "must be at least 1")
        }
    }

    /// Scale 1 is left out of the file, so a default run's configuration.json and checkpoints stay
    /// byte for byte what they were before the scale existed.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(layers, forKey: .layers)
        try c.encode(layerWeights, forKey: .layerWeights)
        try c.encode(distance, forKey: .distance)
        try c.encode(pixelWeight, forKey: .pixelWeight)
        if inputScale != 1 { try c.encode(inputScale, forKey: .inputScale) }
    }
}
