/// Problems with a weight file's contents (as opposed to its format, which the readers report).
public enum WeightFileError: Error, Equatable, CustomStringConvertible {
    case wrongShape(file: String, tensor: String, expected: String, found: [Int])
    case notAnAlexNet(file: String, reason: String)
    case unreadable(file: String)
    /// A layer that reads another blob than the previous layer's output, or joins several
    /// (Eltwise, Concat): only feed-forward chains are built.
    case branching(file: String, layer: String, reason: String)
    /// A layer type no stage is built for.
    case unsupportedLayer(file: String, layer: String, type: String)
    /// A layer that cannot be built as the file gives it (parameters, missing weights, sizes).
    case unbuildable(file: String, layer: String, reason: String)
    /// A safetensors file that is none of the torchvision layouts read here.
    case unknownLayout(file: String, reason: String)

    public var description: String {
        switch self {
        case let .wrongShape(file, tensor, expected, found):
            return "\(file): \(tensor) has shape \(found), expected \(expected)"
        case let .notAnAlexNet(file, reason):
            return "\(file): not an AlexNet-like network: \(reason)"
        case let .unreadable(file):
            return "\(file): no such file or not readable"
        case let .branching(file, layer, reason):
            return "\(file): layer \(layer): \(reason); only feed-forward chains (each layer reading the previous one's output) are supported"
        case let .unsupportedLayer(file, layer, type):
            return "\(file): layer \(layer): layer type \(type) is not supported"
        case let .unbuildable(file, layer, reason):
            return "\(file): layer \(layer): \(reason)"
        case let .unknownLayout(file, reason):
            return "\(file): not a torchvision AlexNet or VGG state dict: \(reason)"
        }
    }
}
