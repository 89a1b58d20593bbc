/// The fields of one 512-byte tar header that extraction needs.
struct TarHeader {
    let path: String
    /// A link member's target (`linkname`); empty for other members.
    let linkTarget: String
    let size: Int64
    let type: UInt8

    init(_ block: [UInt8], archiveName: String) throws {
        // The checksum is the byte sum of the header with its own 8-byte field taken as spaces.
        let computed = block.enumerated().reduce(0) { sum, item in sum + ((148..<156).contains(item.offset) ? 32 : Int(item.element)) }
        guard let stored = Self.number(block[148..<156]), stored == Int64(computed) else {
            throw WeightStoreError.corruptArchive(file: archiveName, reason: "tar header checksum does not match (not a tar archive, or damaged)")
        }
        guard let size = Self.number(block[124..<136]), size >= 0 else {
            throw WeightStoreError.corruptArchive(file: archiveName, reason: "unreadable member size in a tar header")
        }
        let name = Self.cString(Array(block[0..<100]))
        let isUstar = block[257..<262].elementsEqual("ustar".utf8)
        let prefix = isUstar ? Self.cString(Array(block[345..<500])) : ""
        self.path = prefix.isEmpty ? name : prefix + "/" + name
        self.linkTarget = Self.cString(Array(block[157..<257]))
        self.size = size
        self.type = block[156]
    }

    /// An octal field (digits ended by NUL or space), or GNU's base-256 form (high bit set).
    private static func number(_ field: ArraySlice<UInt8>) -> Int64? {
        if let first = field.first, first & 0x80 != 0 {
            var value: Int64 = Int64(first & 0x7F)
            for byte in field.dropFirst() {
                guard value <= (Int64.max >> 8) else { return nil }
                value = value << 8 | Int64(byte)
            }
            return value
        }
        let digits = field.drop { $0 == 32 || $0 == 0 }.prefix { $0 != 32 && $0 != 0 }
        guard !digits.isEmpty else { return nil }
        return Int64(String(decoding: digits, as: UTF8.self), radix: 8)
    }

    /// Bytes up to the first NUL, as UTF-8.
    static func cString(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
}
