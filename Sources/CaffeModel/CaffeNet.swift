import Foundation

/// A Caffe net as stored in a `.caffemodel` (a binary `NetParameter`): its layers in file order,
/// each with its parameters and learned blobs. Parsing validates; building a network from the
/// layers is the caller's work.
public struct CaffeNet: Sendable, Equatable {
    /// V1: `layers` (field 2) with enum types, used by 2014-era models such as BVLC AlexNet and
    /// Places205-AlexNet. V2: `layer` (field 100) with string types.
    public enum LayerFormat: Sendable, Equatable { case v1, v2 }

    public var name: String
    /// Deprecated net-level inputs (`input` with `input_dim` or `input_shape`); usually empty in
    /// trained models.
    public var inputs: [CaffeInput]
    public var layers: [CaffeLayer]
    /// The format the layers were read from.
    public var layerFormat: LayerFormat

    public init(name: String = "", inputs: [CaffeInput] = [], layers: [CaffeLayer], layerFormat: LayerFormat = .v2) {
        self.name = name
        self.inputs = inputs
        self.layers = layers
        self.layerFormat = layerFormat
    }

    /// Reads a `.caffemodel`; throws `CaffeModelError`.
    public init(contentsOf url: URL) throws {
        try self.init(serialized: CaffeFile.read(url), file: url.path)
    }

    /// Decodes a binary `NetParameter`; `file` names it in errors.
    public init(serialized bytes: [UInt8], file: String = "<memory>") throws {
        self = try NetDecoder(file: file).decode(bytes)
    }

    public func layer(named name: String) -> CaffeLayer? {
        layers.first { $0.name == name }
    }
}
