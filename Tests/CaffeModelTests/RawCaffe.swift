import CaffeModel
import CaffeTestSupport
import Foundation

/// Builds Caffe protobuf messages field by field, with the field numbers written out here from
/// caffe.proto rather than taken from the module, so a wrong number on either side shows up.
enum RawCaffe {
    /// NetParameter: name 1, layers (V1) 2, input 3, input_dim 4, input_shape 8, layer (V2) 100.
    static func net(name: String, _ build: (inout ProtobufWriter) -> Void) -> [UInt8] {
        var w = ProtobufWriter()
        w.write(field: 1, string: name)
        build(&w)
        return w.bytes
    }

    /// LayerParameter (field 100): name 1, type 2, bottom 3, top 4, blobs 7.
    static func v2Layer(_ w: inout ProtobufWriter, name: String, type: String, bottom: String?, top: String,
                        blobs: [ProtobufWriter] = [], _ extra: (inout ProtobufWriter) -> Void = { _ in }) {
        w.writeMessage(field: 100) { layer in
            layer.write(field: 1, string: name)
            layer.write(field: 2, string: type)
            if let bottom { layer.write(field: 3, string: bottom) }
            layer.write(field: 4, string: top)
            for blob in blobs { layer.write(field: 7, message: blob) }
            extra(&layer)
        }
    }

    /// V1LayerParameter (field 2): bottom 2, top 3, name 4, type 5 (enum), blobs 6.
    static func v1Layer(_ w: inout ProtobufWriter, name: String, type: Int32, bottom: String?, top: String,
                        blobs: [ProtobufWriter] = [], _ extra: (inout ProtobufWriter) -> Void = { _ in }) {
        w.writeMessage(field: 2) { layer in
            if let bottom { layer.write(field: 2, string: bottom) }
            layer.write(field: 3, string: top)
            layer.write(field: 4, string: name)
            layer.write(field: 5, int32: type)
            for blob in blobs { layer.write(field: 6, message: blob) }
            extra(&layer)
        }
    }

    /// BlobProto with `shape` (7: BlobShape, dim 1 packed) and float `data` (5).
    static func blob(shape: [Int64], data: [Float], packed: Bool = true) -> ProtobufWriter {
        var w = ProtobufWriter()
        writeData(data, packed: packed, into: &w)
        w.writeMessage(field: 7) { $0.write(field: 1, packedInt64s: shape) }
        return w
    }

    /// BlobProto with legacy num 1, channels 2, height 3, width 4.
    static func legacyBlob(_ dims: [Int32], data: [Float], packed: Bool) -> ProtobufWriter {
        var w = ProtobufWriter()
        for (field, d) in zip(1...4, dims) { w.write(field: field, int32: d) }
        writeData(data, packed: packed, into: &w)
        return w
    }

    /// BlobProto with double_data (8) instead of data.
    static func doubleBlob(shape: [Int64], data: [Double]) -> ProtobufWriter {
        var w = ProtobufWriter()
        w.writeMessage(field: 7) { $0.write(field: 1, packedInt64s: shape) }
        w.write(field: 8, packedDoubles: data)
        return w
    }

    private static func writeData(_ data: [Float], packed: Bool, into w: inout ProtobufWriter) {
        if packed {
            w.write(field: 5, packedFloats: data)
        } else {
            for v in data { w.write(field: 5, float: v) }
        }
    }

    /// Distinct, exactly representable values: start, start + 0.25, …
    static func ramp(_ count: Int, from start: Float = -2) -> [Float] {
        (0..<count).map { start + Float($0) * 0.25 }
    }
}

/// A fresh temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("CaffeModelTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ bytes: [UInt8], to name: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
