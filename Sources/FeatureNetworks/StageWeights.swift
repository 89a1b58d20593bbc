import NN

/// Weights for the convolution and inner-product stages, by stage name.
public struct StageWeights {
    public var weight: Tensor
    public var bias: Tensor?

    public init(weight: Tensor, bias: Tensor?) {
        self.weight = weight
        self.bias = bias
    }
}
