/// What a Caffe layer does, with its parameters. V1 enum types map to the same cases.
public enum CaffeLayerKind: Sendable, Equatable {
    case convolution(CaffeConvolution)
    /// max(x, 0) + negativeSlope · min(x, 0); plain ReLU has slope 0.
    case relu(negativeSlope: Float)
    case lrn(CaffeLRN)
    case pooling(CaffePooling)
    case innerProduct(CaffeInnerProduct)
    case dropout(ratio: Float)
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
        case .other(let name): return name
        }
    }
}
