import NN

/// The value of a perceptual loss, term by term, with dL/d(reconstruction) when asked for.
public struct PerceptualLossValue {
    public let total: Double
    /// Each layer's weighted term, in the configuration's order.
    public let layerTerms: [(layer: String, value: Double)]
    public let pixelTerm: Double
    public let gradient: Tensor?
}
