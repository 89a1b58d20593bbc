/// Malformed protobuf wire data. Offsets count bytes from the start of the whole buffer.
public enum ProtobufError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A value or length-delimited field starting at `offset` needs `needed` bytes; only
    /// `available` remain in the enclosing message.
    case truncated(offset: Int, needed: Int, available: Int)
    /// A varint longer than ten bytes, or whose tenth byte overflows 64 bits.
    case malformedVarint(offset: Int)
    /// Wire types 6 and 7 do not exist.
    case invalidWireType(Int, offset: Int)
    /// Field numbers run from 1 to 2^29 - 1.
    case invalidFieldNumber(UInt64, offset: Int)
    /// A known field arrived with another wire type than its declaration implies.
    case unexpectedWireType(field: Int, expected: ProtobufWireType, found: ProtobufWireType, offset: Int)
    /// A packed run of fixed-size values whose byte length is not a multiple of the value size.
    case ragged(field: Int, length: Int, valueSize: Int, offset: Int)
    case unmatchedEndGroup(field: Int, offset: Int)
    case unterminatedGroup(field: Int, offset: Int)
    /// More nested messages or groups than `ProtobufReader.maximumDepth`.
    case nestingTooDeep(limit: Int, offset: Int)

    public var description: String {
        switch self {
        case let .truncated(offset, needed, available):
            return "truncated: \(needed) bytes needed at byte \(offset), only \(available) left"
        case let .malformedVarint(offset):
            return "malformed varint at byte \(offset) (longer than 10 bytes or over 64 bits)"
        case let .invalidWireType(type, offset):
            return "invalid wire type \(type) at byte \(offset)"
        case let .invalidFieldNumber(number, offset):
            return "invalid field number \(number) at byte \(offset)"
        case let .unexpectedWireType(field, expected, found, offset):
            return "field \(field) at byte \(offset) has wire type \(found), expected \(expected)"
        case let .ragged(field, length, valueSize, offset):
            return "packed field \(field) at byte \(offset) has \(length) bytes, not a multiple of \(valueSize)"
        case let .unmatchedEndGroup(field, offset):
            return "end of group \(field) at byte \(offset) without a matching start"
        case let .unterminatedGroup(field, offset):
            return "group \(field) opened at byte \(offset) is never closed"
        case let .nestingTooDeep(limit, offset):
            return "more than \(limit) nested messages at byte \(offset)"
        }
    }
}
