/// A hash fed in pieces of any size.
public protocol DigestFunction {
    init()
    mutating func update(_ bytes: UnsafeRawBufferPointer)
    /// The digest; the value must not be updated afterwards.
    mutating func finalize() -> [UInt8]
}

extension DigestFunction {
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of `bytes` in lower-case hex.
    public static func hex(of bytes: [UInt8]) -> String {
        var function = Self()
        function.update(bytes)
        return hexString(function.finalize())
    }
}
