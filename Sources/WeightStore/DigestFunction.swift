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

/// Lower-case hex, two digits a byte, as published digests are written.
public func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text = [UInt8]()
    text.reserveCapacity(2 * bytes.count)
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: text, as: UTF8.self)
}

/// The compression function of a Merkle–Damgård hash with 64-byte blocks (SHA-1, SHA-256).
protocol BlockCompression {
    init()
    mutating func compress(_ block: UnsafeRawBufferPointer)
    var digest: [UInt8] { get }
}

/// Gathers input into 64-byte blocks for a compression function, and appends the final padding:
/// 0x80, zeros up to 56 mod 64, then the message length in bits as a big-endian UInt64.
struct BlockHasher<Compression: BlockCompression> {
    private var compression = Compression()
    private var pending = [UInt8](repeating: 0, count: 64)
    private var pendingCount = 0
    private var totalBytes: UInt64 = 0

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        totalBytes &+= UInt64(bytes.count)
        var offset = 0
        if pendingCount > 0 {
            let taken = min(64 - pendingCount, bytes.count)
            let start = pendingCount
            pending.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: start).copyMemory(from: bytes.baseAddress!, byteCount: taken) }
            pendingCount += taken
            offset = taken
            if pendingCount < 64 { return }
            pending.withUnsafeBytes { compression.compress($0) }
            pendingCount = 0
        }
        // Whole blocks straight from the caller's buffer, without a copy.
        while bytes.count - offset >= 64 {
            compression.compress(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + 64]))
            offset += 64
        }
        let rest = bytes.count - offset
        if rest > 0 {
            pending.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: bytes.baseAddress! + offset, byteCount: rest) }
            pendingCount = rest
        }
    }

    mutating func finalize() -> [UInt8] {
        let bitLength = totalBytes &* 8
        let zeros = (55 - pendingCount + 64) % 64
        let tail = [0x80] + [UInt8](repeating: 0, count: zeros)
            + (0..<8).map { UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * UInt64($0))) }
        tail.withUnsafeBytes { update($0) }
        return compression.digest
    }
}

// Masking shifts: the plain ones check for shifts of 32 or more on every call.
@inline(__always) func rotateRight(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }
@inline(__always) func rotateLeft(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &<< n) | (x &>> (32 &- n)) }

@inline(__always) func bigEndianWord(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
    UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
}

func bigEndianBytes(_ words: [UInt32]) -> [UInt8] {
    words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * UInt32($0))) } }
}
