import CaffeModel

extension CaffeMeanImage {
    /// Encodes as Caffe's compute_image_mean writes it: legacy num 1, channels, height, width.
    public func serialized() -> [UInt8] {
        typealias F = CaffeProto.BlobProto
        var w = ProtobufWriter()
        w.write(field: F.num, int32: 1)
        w.write(field: F.channels, int32: Int32(channels))
        w.write(field: F.height, int32: Int32(height))
        w.write(field: F.width, int32: Int32(width))
        w.write(field: F.data, packedFloats: data)
        return w.bytes
    }
}
