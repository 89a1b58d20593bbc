/// What the perceptual loss measures: which stages, how much each counts, which distance, and an
/// optional pixel term. DFC-VAE's choice is the default: relu1, relu2, relu3, equally weighted,
/// mean squared difference.
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

    public init(layers: [String] = ["relu1", "relu2", "relu3"], layerWeights: [Float]? = nil,
                distance: Distance = .meanSquared, pixelWeight: Float = 0) {
        precondition(!layers.isEmpty || pixelWeight > 0, "a perceptual loss needs a layer or a pixel term")
        self.layers = layers
        self.layerWeights = layerWeights ?? [Float](repeating: 1, count: layers.count)
        precondition(self.layerWeights.count == layers.count,
                     "\(self.layerWeights.count) layer weights for \(layers.count) layers")
        self.distance = distance
        self.pixelWeight = pixelWeight
    }
}
