import FeatureNetworks
import NN

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
        // Scale 1 skips the layer entirely, so the default loss is computed exactly as before.
        let upsample = configuration.inputScale > 1 ? Upsample(scaleFactor: configuration.inputScale) : nil
        let networkTarget = upsample?.forward(target, mode: .inference) ?? target
        let networkInput = upsample?.forward(reconstruction, mode: .training) ?? reconstruction
        let targetFeatures = try network.features(networkTarget, at: layers, mode: .inference)
        let features = try network.features(networkInput, at: layers, mode: needsGradient ? .training : .inference)
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
        // Back from the upsampled image to the reconstruction: each block's gradients summed.
        if let upsample, let g = gradient { gradient = upsample.backward(g, needsInputGradient: true) }
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
