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
