/// The six wire types of the protobuf encoding (protobuf.dev/programming-guides/encoding).
///
/// A field's key is the varint `fieldNumber << 3 | wireType`; the wire type alone tells a reader
/// how many bytes to skip for a field it does not know.
public enum ProtobufWireType: UInt8, Sendable, Equatable {
    /// int32, int64, uint32, uint64, bool, enum: a base-128 varint.
    case varint = 0
    /// double, fixed64: eight little-endian bytes.
    case fixed64 = 1
    /// string, bytes, embedded messages, packed repeated scalars: a varint length, then the bytes.
    case lengthDelimited = 2
    /// Deprecated groups: only ever skipped here, never written.
    case startGroup = 3
    case endGroup = 4
    /// float, fixed32: four little-endian bytes.
    case fixed32 = 5
}
