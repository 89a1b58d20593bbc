import PerceptualLoss

/// The loss terms of one step (or an average over many), all on the same scale.
public struct LossTerms: Sendable {
    /// perceptual + klWeight · KL
    public var total: Double
    /// The perceptual loss with its pixel term.
    public var reconstruction: Double
    public var layerTerms: [(layer: String, value: Double)]
    public var pixel: Double
    public var kl: Double
    public var klWeight: Double

    static func mean(_ terms: [LossTerms], weights: [Double]) -> LossTerms {
        let w = weights.reduce(0, +)
        func avg(_ f: (LossTerms) -> Double) -> Double { zip(terms, weights).map { f($0) * $1 }.reduce(0, +) / w }
        let layers = terms[0].layerTerms.indices.map { i in
            (terms[0].layerTerms[i].layer, avg { $0.layerTerms[i].value })
        }
        return LossTerms(total: avg(\.total), reconstruction: avg(\.reconstruction), layerTerms: layers,
                         pixel: avg(\.pixel), kl: avg(\.kl), klWeight: avg(\.klWeight))
    }
}

extension LossTerms {
    /// One batch's terms: the perceptual loss as evaluated, plus the KL (unweighted) at its weight.
    init(perceptual: PerceptualLossValue, kl: Double, klWeight: Float) {
        self.init(total: perceptual.total + Double(klWeight) * kl, reconstruction: perceptual.total,
                  layerTerms: perceptual.layerTerms, pixel: perceptual.pixelTerm, kl: kl, klWeight: Double(klWeight))
    }
}
