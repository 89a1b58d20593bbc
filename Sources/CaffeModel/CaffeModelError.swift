import Foundation

/// Why a `.caffemodel` or `.binaryproto` file could not be read. Each description is one line
/// that names the file. Layers without a name are named by position (`#3`).
public enum CaffeModelError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    case unreadable(file: String, reason: String)
    case tooLarge(file: String, bytes: Int, limit: Int)
    /// Truncated or malformed protobuf data.
    case wire(file: String, ProtobufError)
    case noLayers(file: String)
    case mixedLayerFormats(file: String, v1Count: Int, v2Count: Int)
    /// A blob dimension that is negative, or a shape whose element count overflows.
    case invalidShape(file: String, layer: String?, blob: Int, dimensions: [Int64])
    /// A blob whose data does not hold as many values as its shape.
    case shapeMismatch(file: String, layer: String?, blob: Int, shape: [Int], expected: Int, found: Int)
    /// A layer's blobs that do not fit its parameters (count, bias size).
    case blobsMismatch(file: String, layer: String, problem: String)
    case unsupported(file: String, layer: String, feature: String)
    case invalidParameter(file: String, layer: String, problem: String)
    case invalidInputs(file: String, problem: String)
    case invalidMean(file: String, shape: [Int])

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read: \(reason)"
        case let .tooLarge(file, bytes, limit):
            return "\(file): \(bytes) bytes is over the \(limit)-byte limit of a protobuf file"
        case let .wire(file, error):
            return "\(file): \(error.description); the file is damaged or not a Caffe protobuf"
        case let .noLayers(file):
            return "\(file): no layers found (neither V2 `layer` nor V1 `layers`); is it a .caffemodel?"
        case let .mixedLayerFormats(file, v1Count, v2Count):
            return "\(file): holds both \(v1Count) V1 `layers` and \(v2Count) V2 `layer` entries; Caffe rejects this too"
        case let .invalidShape(file, layer, blob, dimensions):
            return "\(file): \(Self.place(layer, blob)) has invalid shape \(dimensions)"
        case let .shapeMismatch(file, layer, blob, shape, expected, found):
            return "\(file): \(Self.place(layer, blob)) has shape \(shape) (\(expected) values) but holds \(found) values"
        case let .blobsMismatch(file, layer, problem):
            return "\(file): layer \(layer): \(problem)"
        case let .unsupported(file, layer, feature):
            return "\(file): layer \(layer): \(feature) is not supported"
        case let .invalidParameter(file, layer, problem):
            return "\(file): layer \(layer): \(problem)"
        case let .invalidInputs(file, problem):
            return "\(file): net inputs: \(problem)"
        case let .invalidMean(file, shape):
            return "\(file): a mean image has shape [1, C, H, W] or [C, H, W], found \(shape)"
        }
    }

    public var errorDescription: String? { description }

    private static func place(_ layer: String?, _ blob: Int) -> String {
        layer.map { "layer \($0), blob \(blob)" } ?? "blob"
    }
}
