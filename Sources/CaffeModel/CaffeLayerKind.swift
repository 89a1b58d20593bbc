/// What a Caffe layer does, with its parameters. V1 enum types map to the same cases.
public enum CaffeLayerKind: Sendable, Equatable {
    case convolution(CaffeConvolution)
    /// max(x, 0) + negativeSlope · min(x, 0); plain ReLU has slope 0.
    case relu(negativeSlope: Float)
    case lrn(CaffeLRN)
    case pooling(CaffePooling)
    case innerProduct(CaffeInnerProduct)
    case dropout(ratio: Float)
    /// max(x, 0) + a[c] · min(x, 0) with learned slopes: one blob, [C], or [1] if `channelShared`.
    case prelu(channelShared: Bool)
    /// (x − mean) / sqrt(variance + epsilon) with stored statistics: blobs mean [C], variance [C]
    /// and the moving-average factor [1] that both are divided by.
    case batchNorm(epsilon: Float)
    /// x · γ[c] (+ β[c] if `hasBias`): blobs γ [C] and β [C]; follows BatchNorm in most nets.
    case scale(hasBias: Bool)
    /// Any other type (Data, Input, Softmax, SoftmaxWithLoss, Accuracy, …), by its V2 type name.
    case other(typeName: String)

    /// The V2 `type` string Caffe uses for this kind.
    public var typeName: String {
        switch self {
        case .convolution: return "Convolution"
        case .relu: return "ReLU"
        case .lrn: return "LRN"
        case .pooling: return "Pooling"
        case .innerProduct: return "InnerProduct"
        case .dropout: return "Dropout"
        case .prelu: return "PReLU"
        case .batchNorm: return "BatchNorm"
        case .scale: return "Scale"
        case .other(let name): return name
        }
    }
}
