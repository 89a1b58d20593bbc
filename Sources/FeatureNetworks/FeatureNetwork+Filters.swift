import NN

extension FeatureNetwork {
    /// The filters of the convolution stage `layer`: its weights `[outC, inC/groups, k, k]`.
    /// Throws when the network has no such stage, or when the stage is not a convolution (a ReLU,
    /// a pooling or a fully connected stage has no filters to draw).
    public func filters(at layer: String) throws -> Tensor {
        let stage = stages[try stageIndex(layer)]
        guard let convolution = stage.layer as? Conv2D else {
            let convolutions = stages.filter { $0.layer is Conv2D }.map(\.name)
            throw FeatureNetworkError.notAConvolution(layer, network: name, convolutions: convolutions)
        }
        return convolution.weight.value
    }
}
