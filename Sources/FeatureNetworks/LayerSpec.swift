import NN

/// One stage of a feed-forward image network, as weight files describe it (Caffe stores these
/// definitions beside its blobs). Built into layers by `FeatureNetwork.init(name:specs:...)`.
public enum LayerSpec: Equatable, Sendable {
    case convolution(name: String, outputChannels: Int, kernelSize: Int, stride: Int, padding: Int, groups: Int)
    case relu(name: String)
    case localResponseNorm(name: String, size: Int, alpha: Float, beta: Float, k: Float)
    case maxPool(name: String, kernelSize: Int, stride: Int, padding: Int, rounding: PoolRounding)
    case innerProduct(name: String, outputs: Int)

    public var name: String {
        switch self {
        case let .convolution(name, _, _, _, _, _), let .relu(name), let .localResponseNorm(name, _, _, _, _),
             let .maxPool(name, _, _, _, _), let .innerProduct(name, _):
            return name
        }
    }
}
