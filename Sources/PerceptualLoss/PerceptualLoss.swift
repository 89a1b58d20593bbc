import NN

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

/// The value of a perceptual loss, term by term, with dL/d(reconstruction) when asked for.
public struct PerceptualLossValue {
    public let total: Double
    /// Each layer's weighted term, in the configuration's order.
    public let layerTerms: [(layer: String, value: Double)]
    public let pixelTerm: Double
    public let gradient: Tensor?
}

/// The difference between a frozen network's activations for an image and for its
/// reconstruction. Backward reaches the reconstruction only; the network's weights are untouched
/// and their gradient work skipped, and the target's features are computed without caching.
public final class PerceptualLoss {
    public let network: FeatureNetwork
    public let configuration: PerceptualLossConfiguration

    public init(network: FeatureNetwork, configuration: PerceptualLossConfiguration) throws {
        for layer in configuration.layers { _ = try network.stageIndex(layer) }
        self.network = network
        self.configuration = configuration
    }

    public func evaluate(reconstruction: Tensor, target: Tensor, needsGradient: Bool = true) throws -> PerceptualLossValue {
        precondition(reconstruction.shape == target.shape,
                     "reconstruction \(reconstruction.shape) and target \(target.shape) differ")
        let layers = configuration.layers
        let targetFeatures = try network.features(target, at: layers, mode: .inference)
        let features = try network.features(reconstruction, at: layers, mode: needsGradient ? .training : .inference)
        var total = 0.0
        var terms: [(String, Double)] = []
        var featureGradients: [String: Tensor] = [:]
        for (layer, weight) in zip(layers, configuration.layerWeights) {
            let (a, b) = (features[layer]!, targetFeatures[layer]!)
            var value: Double
            var gradient: Tensor?
            switch configuration.distance {
            case .meanSquared:
                (value, gradient) = FeatureDistance.meanSquared(a, b)
            case .channelNormalized:
                let result = FeatureDistance.channelNormalized(a, b, needsGradient: needsGradient)
                value = result.perImage.reduce(0, +) / Double(result.perImage.count)
                gradient = result.gradient
            }
            value *= Double(weight)
            total += value
            terms.append((layer, value))
            if needsGradient, var g = gradient {
                if weight != 1 { g.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] *= weight } } }
                featureGradients[layer] = g
            }
        }
        var gradient: Tensor? = needsGradient && !featureGradients.isEmpty
            ? try network.inputGradient(featureGradients: featureGradients) : nil
        var pixel = 0.0
        if configuration.pixelWeight > 0 {
            let mse = MeanSquaredError(prediction: reconstruction, target: target, weight: configuration.pixelWeight)
            pixel = Double(mse.value)
            total += pixel
            if needsGradient {
                if gradient == nil {
                    gradient = mse.gradient
                } else {
                    gradient!.withUnsafeMutableBufferPointer { g in
                        mse.gradient.withUnsafeBufferPointer { m in for i in 0..<g.count { g[i] += m[i] } }
                    }
                }
            }
        }
        return PerceptualLossValue(total: total, layerTerms: terms, pixelTerm: pixel, gradient: gradient)
    }
}
