/// A stage asked for by a name the network does not have, or for what it does not hold.
public enum FeatureNetworkError: Error, Equatable, CustomStringConvertible {
    case unknownLayer(String, network: String, available: [String])
    /// Filters asked of a stage that has none (a ReLU, a pooling, a fully connected stage).
    case notAConvolution(String, network: String, convolutions: [String])

    public var description: String {
        switch self {
        case let .unknownLayer(name, network, available):
            return "\(network) has no layer \(name); it has \(available.joined(separator: ", "))"
        case let .notAConvolution(name, network, convolutions):
            return "\(network): \(name) is not a convolution and has no filters; its convolutions are "
                + convolutions.joined(separator: ", ")
        }
    }
}
