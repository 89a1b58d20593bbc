import Foundation

extension SafeTensorsFile {
    /// Writes float32 tensors and string metadata as a safetensors file, atomically: an
    /// interrupted write leaves the previous file (or none), never a partial one.
    ///
    /// As the reference implementation writes it: tensors in byte order of their names, compact
    /// JSON with `__metadata__` first (left out when empty), the header padded with spaces to a
    /// multiple of 8 bytes so the data stays aligned.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to url: URL) throws {
        try write(tensors.mapValues { tensor in
            RawEntry(dtype: .float32, shape: tensor.shape, byteCount: 4 * tensor.count) { output in
                try tensor.withUnsafeBufferPointer { try output.append(UnsafeRawBufferPointer($0)) }
            }
        }, metadata: metadata, to: url)
    }

    /// Writes float64 arrays (F64 tensors, each of `shape`) and string metadata, atomically, as
    /// `write` writes float32 tensors: for values that must come back exactly, such as statistics
    /// computed in float64.
    public static func write(float64 arrays: [String: (shape: [Int], values: [Double])], metadata: [String: String] = [:],
                             to url: URL) throws {
        try write(arrays.mapValues { array in
            precondition(array.shape.reduce(1, *) == array.values.count,
                         "shape \(array.shape) does not hold \(array.values.count) values")
            return RawEntry(dtype: .float64, shape: array.shape, byteCount: 8 * array.values.count) { output in
                try array.values.withUnsafeBufferPointer { try output.append(UnsafeRawBufferPointer($0)) }
            }
        }, metadata: metadata, to: url)
    }

    /// One tensor to write: its header fields and a writer of its little-endian bytes.
    private struct RawEntry {
        let dtype: SafeTensorsDType
        let shape: [Int]
        let byteCount: Int
        let body: (AtomicFile.Output) throws -> Void
    }

    private static func write(_ tensors: [String: RawEntry], metadata: [String: String], to url: URL) throws {
        precondition(tensors["__metadata__"] == nil, "\"__metadata__\" is reserved and cannot name a tensor")
        let names = tensors.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var members: [(key: String, value: JSONValue)] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            members.append(("__metadata__", .object(pairs.map { ($0.key, .string($0.value)) })))
        }
        var offset = 0
        for name in names {
            let tensor = tensors[name]!
            let end = offset + tensor.byteCount
            members.append((name, .object([
                ("dtype", .string(tensor.dtype.rawValue)),
                ("shape", .array(tensor.shape.map { .number(String($0)) })),
                ("data_offsets", .array([.number(String(offset)), .number(String(end))])),
            ])))
            offset = end
        }
        var header = Array(JSONValue.object(members).text.utf8)
        header += repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
        let length = UInt64(header.count)
        do {
            try AtomicFile.write(to: url) { output in
                try output.append((0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) })
                try output.append(header)
                for name in names { try tensors[name]!.body(output) }
            }
        } catch let failure as AtomicFile.Failure {
            throw SafeTensorsError.writeFailed(file: url.path, reason: failure.reason)
        }
    }
}
