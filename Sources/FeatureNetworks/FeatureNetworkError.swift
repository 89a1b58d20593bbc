/// A stage asked for by a name the network does not have.
public enum FeatureNetworkError: Error, Equatable, CustomStringConvertible {
    case unknownLayer(String, network: String, available: [String])

    public var description: String {
        switch self {
        case let .unknownLayer(name, network, available):
            return "\(network) has no layer \(name); it has \(available.joined(separator: ", "))"
        }
    }
}
