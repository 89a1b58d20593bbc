/// Problems with a weight file's contents (as opposed to its format, which the readers report).
public enum WeightFileError: Error, Equatable, CustomStringConvertible {
    case wrongShape(file: String, tensor: String, expected: String, found: [Int])
    case notAnAlexNet(file: String, reason: String)
    case unreadable(file: String)

    public var description: String {
        switch self {
        case let .wrongShape(file, tensor, expected, found):
            return "\(file): \(tensor) has shape \(found), expected \(expected)"
        case let .notAnAlexNet(file, reason):
            return "\(file): not an AlexNet-like network: \(reason)"
        case let .unreadable(file):
            return "\(file): no such file or not readable"
        }
    }
}
