import WeightStore

/// The SHA-256 that names a cache entry: of the weights' checksum, the layer, the input size, the
/// preprocessing, and the sorted (name, size, modification time) of every example. A change in
/// any of them gives another key, so stale features are never read.
public struct FeatureCacheKey: Sendable, Equatable, CustomStringConvertible {
    /// Bump when the cache's contents change meaning, so older entries stop matching.
    static let format = "vae-cli feature cache 1"

    public let hex: String
    public let layer: String

    public init(weightsChecksum: String, layer: String, imageSize: Int, preprocessing: String, stamps: [ExampleStamp]) {
        var text = "\(Self.format)\nweights \(weightsChecksum)\nlayer \(layer)\nsize \(imageSize)\n"
            + "preprocessing \(preprocessing)\nexamples \(stamps.count)\n"
        for stamp in stamps.sorted(by: { $0.name < $1.name }) {
            text += "\(stamp.size)\t\(stamp.modified)\t\(stamp.name)\n"
        }
        hex = SHA256.hex(of: Array(text.utf8))
        self.layer = layer
    }

    /// The entry's file name: the layer first, so a listing of the folder says what is where.
    public var fileName: String { "\(layer.filter { $0.isLetter || $0.isNumber })-\(hex).safetensors" }

    public var description: String { hex }
}
