import Foundation

extension SafeTensorsFile {
    /// Writes float32 tensors and string metadata as a safetensors file, atomically: an
    /// interrupted write leaves the previous file (or none), never a partial one.
    ///
    /// As the reference implementation writes it: tensors in byte order of their names, compact
    /// JSON with `__metadata__` first (left out when empty), the header padded with spaces to a
    /// multiple of 8 bytes so the data stays aligned.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to url: URL) throws {
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
            let end = offset + 4 * tensor.count
            members.append((name, .object([
                ("dtype", .string(SafeTensorsDType.float32.rawValue)),
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
                for name in names {
                    try tensors[name]!.withUnsafeBufferPointer { try output.append(UnsafeRawBufferPointer($0)) }
                }
            }
        } catch let failure as AtomicFile.Failure {
            throw SafeTensorsError.writeFailed(file: url.path, reason: failure.reason)
        }
    }
}
