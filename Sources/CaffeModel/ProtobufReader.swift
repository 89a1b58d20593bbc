/// A bounds-checked reader of protobuf wire data, for decoders written by hand.
///
/// Every read checks its length against the bytes left in the current message, so a corrupt
/// or truncated file raises a `ProtobufError` with a byte offset instead of reading past the end.
/// A decoder loops over `nextTag()`, reads the fields it knows with the typed reads (which check
/// the wire type) and passes the rest to `skipField(_:)`. Embedded messages are sub-readers over
/// the same storage: nothing is copied until a value is read.
public struct ProtobufReader {
    /// Nested messages and groups allowed; protobuf's own parsers default to 100 as well.
    public static let maximumDepth = 100

    private let bytes: [UInt8]
    /// Absolute position of the next byte to read.
    public private(set) var offset: Int
    /// Absolute end of the current message.
    public let endOffset: Int
    /// Nesting level: 0 for the outermost message.
    public let depth: Int

    public init(_ bytes: [UInt8]) {
        self.init(bytes, range: 0..<bytes.count, depth: 0)
    }

    private init(_ bytes: [UInt8], range: Range<Int>, depth: Int) {
        self.bytes = bytes
        self.offset = range.lowerBound
        self.endOffset = range.upperBound
        self.depth = depth
    }

    public var isAtEnd: Bool { offset >= endOffset }
    public var remainingCount: Int { endOffset - offset }

    // MARK: Keys and raw values

    /// The next field's key, or nil at the end of the message.
    public mutating func nextTag() throws -> ProtobufTag? {
        guard !isAtEnd else { return nil }
        let start = offset
        let key = try readVarint()
        guard let wireType = ProtobufWireType(rawValue: UInt8(key & 7)) else {
            throw ProtobufError.invalidWireType(Int(key & 7), offset: start)
        }
        let field = key >> 3
        guard field >= 1 && field <= 0x1FFF_FFFF else {
            throw ProtobufError.invalidFieldNumber(field, offset: start)
        }
        return ProtobufTag(field: Int(field), wireType: wireType, offset: start)
    }

    /// A base-128 varint: seven bits per byte, least significant group first, at most ten bytes.
    public mutating func readVarint() throws -> UInt64 {
        let start = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < endOffset else {
                throw ProtobufError.truncated(offset: start, needed: offset - start + 1, available: endOffset - start)
            }
            let byte = bytes[offset]
            offset += 1
            // The tenth byte carries bit 63 only; anything more is corrupt.
            if shift == 63 && byte > 1 { throw ProtobufError.malformedVarint(offset: start) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    public mutating func readFixed32() throws -> UInt32 {
        try require(4)
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
        offset += 4
        return UInt32(littleEndian: value)
    }

    public mutating func readFixed64() throws -> UInt64 {
        try require(8)
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
        offset += 8
        return UInt64(littleEndian: value)
    }

    /// A varint length followed by that many bytes; returns their absolute range.
    public mutating func readLengthDelimitedRange() throws -> Range<Int> {
        let length = try readVarint()
        guard length <= UInt64(remainingCount) else {
            throw ProtobufError.truncated(offset: offset, needed: Int(clamping: length), available: remainingCount)
        }
        let range = offset ..< offset + Int(length)
        offset = range.upperBound
        return range
    }

    // MARK: Typed fields (the tag's wire type is checked)

    public mutating func readUInt64(_ tag: ProtobufTag) throws -> UInt64 {
        try expect(tag, .varint)
        return try readVarint()
    }

    public mutating func readInt64(_ tag: ProtobufTag) throws -> Int64 {
        Int64(bitPattern: try readUInt64(tag))
    }

    /// int32 and enums: negative values arrive sign-extended to ten bytes; keep the low 32 bits.
    public mutating func readInt32(_ tag: ProtobufTag) throws -> Int32 {
        Int32(truncatingIfNeeded: try readUInt64(tag))
    }

    public mutating func readUInt32(_ tag: ProtobufTag) throws -> UInt32 {
        UInt32(truncatingIfNeeded: try readUInt64(tag))
    }

    public mutating func readBool(_ tag: ProtobufTag) throws -> Bool {
        try readUInt64(tag) != 0
    }

    public mutating func readFloat(_ tag: ProtobufTag) throws -> Float {
        try expect(tag, .fixed32)
        return Float(bitPattern: try readFixed32())
    }

    public mutating func readDouble(_ tag: ProtobufTag) throws -> Double {
        try expect(tag, .fixed64)
        return Double(bitPattern: try readFixed64())
    }

    public mutating func readBytes(_ tag: ProtobufTag) throws -> ArraySlice<UInt8> {
        try expect(tag, .lengthDelimited)
        return bytes[try readLengthDelimitedRange()]
    }

    /// Invalid UTF-8 is repaired with U+FFFD, as protobuf's proto2 strings are not validated.
    public mutating func readString(_ tag: ProtobufTag) throws -> String {
        String(decoding: try readBytes(tag), as: UTF8.self)
    }

    /// An embedded message, as a reader over its bytes.
    public mutating func readMessage(_ tag: ProtobufTag) throws -> ProtobufReader {
        try expect(tag, .lengthDelimited)
        guard depth < Self.maximumDepth else {
            throw ProtobufError.nestingTooDeep(limit: Self.maximumDepth, offset: tag.offset)
        }
        return ProtobufReader(bytes, range: try readLengthDelimitedRange(), depth: depth + 1)
    }

    // MARK: Repeated scalars, packed or not (parsers must accept both encodings)

    public mutating func readFloats(_ tag: ProtobufTag, into values: inout [Float]) throws {
        try readFixedSize(tag, single: .fixed32, into: &values) { raw, at in
            Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
        }
    }

    public mutating func readDoubles(_ tag: ProtobufTag, into values: inout [Double]) throws {
        try readFixedSize(tag, single: .fixed64, into: &values) { raw, at in
            Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
        }
    }

    public mutating func readInt64s(_ tag: ProtobufTag, into values: inout [Int64]) throws {
        try readVarints(tag) { values.append(Int64(bitPattern: $0)) }
    }

    public mutating func readUInt32s(_ tag: ProtobufTag, into values: inout [UInt32]) throws {
        try readVarints(tag) { values.append(UInt32(truncatingIfNeeded: $0)) }
    }

    // MARK: Skipping

    /// Skips a field this decoder does not know, by its wire type alone.
    public mutating func skipField(_ tag: ProtobufTag) throws {
        switch tag.wireType {
        case .varint: _ = try readVarint()
        case .fixed64: try advance(8)
        case .fixed32: try advance(4)
        case .lengthDelimited: _ = try readLengthDelimitedRange()
        case .startGroup: try skipGroup(tag, depth: depth + 1)
        case .endGroup: throw ProtobufError.unmatchedEndGroup(field: tag.field, offset: tag.offset)
        }
    }

    private mutating func skipGroup(_ start: ProtobufTag, depth: Int) throws {
        guard depth <= Self.maximumDepth else {
            throw ProtobufError.nestingTooDeep(limit: Self.maximumDepth, offset: start.offset)
        }
        while let tag = try nextTag() {
            switch tag.wireType {
            case .endGroup:
                guard tag.field == start.field else {
                    throw ProtobufError.unmatchedEndGroup(field: tag.field, offset: tag.offset)
                }
                return
            case .startGroup: try skipGroup(tag, depth: depth + 1)
            default: try skipField(tag)
            }
        }
        throw ProtobufError.unterminatedGroup(field: start.field, offset: start.offset)
    }

    // MARK: Helpers

    private func expect(_ tag: ProtobufTag, _ wireType: ProtobufWireType) throws {
        guard tag.wireType == wireType else {
            throw ProtobufError.unexpectedWireType(field: tag.field, expected: wireType, found: tag.wireType,
                                                   offset: tag.offset)
        }
    }

    private func require(_ count: Int) throws {
        guard count <= remainingCount else {
            throw ProtobufError.truncated(offset: offset, needed: count, available: remainingCount)
        }
    }

    private mutating func advance(_ count: Int) throws {
        try require(count)
        offset += count
    }

    /// One value (wire type `single`) or a packed run of them (length-delimited).
    private mutating func readFixedSize<T>(
        _ tag: ProtobufTag, single: ProtobufWireType, into values: inout [T],
        _ load: (UnsafeRawBufferPointer, Int) -> T
    ) throws {
        let size = MemoryLayout<T>.size
        let range: Range<Int>
        if tag.wireType == single {
            try require(size)
            range = offset ..< offset + size
            offset += size
        } else {
            try expect(tag, .lengthDelimited)
            range = try readLengthDelimitedRange()
            guard range.count % size == 0 else {
                throw ProtobufError.ragged(field: tag.field, length: range.count, valueSize: size,
                                           offset: range.lowerBound)
            }
        }
        // Grow geometrically: many single values must not reserve one slot at a time.
        let needed = values.count + range.count / size
        if needed > values.capacity { values.reserveCapacity(Swift.max(needed, 2 * values.capacity)) }
        bytes.withUnsafeBytes { raw in
            for at in stride(from: range.lowerBound, to: range.upperBound, by: size) {
                values.append(load(raw, at))
            }
        }
    }

    private mutating func readVarints(_ tag: ProtobufTag, _ append: (UInt64) -> Void) throws {
        if tag.wireType == .varint {
            append(try readVarint())
            return
        }
        try expect(tag, .lengthDelimited)
        var packed = ProtobufReader(bytes, range: try readLengthDelimitedRange(), depth: depth)
        while !packed.isAtEnd { append(try packed.readVarint()) }
    }
}
