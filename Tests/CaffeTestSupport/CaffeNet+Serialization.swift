import CaffeModel

extension CaffeNet {
    /// Encodes as protoc would, in either layer format: for tests that need real files.
    public func serialized(as format: LayerFormat) -> [UInt8] {
        NetEncoder(format: format).encode(self)
    }
}
