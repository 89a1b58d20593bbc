import CaffeModel

/// Writes protobuf wire data the way protoc-generated code does, so tests (CaffeModelTests,
/// FeatureNetworksTests) can build small real `.caffemodel` and `.binaryproto` files.
///
/// Each `write(field:…)` appends one key (`field << 3 | wireType`) and its value. Negative
/// int32/int64 values are sign-extended to ten-byte varints, floats and doubles are little-endian
/// fixed32/fixed64, and packed repeated fields are one length-delimited run.
public struct ProtobufWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    // MARK: Raw pieces

    public mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    public mutating func writeTag(field: Int, wireType: ProtobufWireType) {
        precondition(field >= 1 && field <= 0x1FFF_FFFF, "protobuf field numbers run from 1 to 2^29 - 1, not \(field)")
        writeVarint(UInt64(field) << 3 | UInt64(wireType.rawValue))
    }

    // MARK: Scalars

    public mutating func write(field: Int, uint64 value: UInt64) {
        writeTag(field: field, wireType: .varint)
        writeVarint(value)
    }

    public mutating func write(field: Int, int64 value: Int64) {
        write(field: field, uint64: UInt64(bitPattern: value))
    }

    /// int32 and enums: sign-extended to 64 bits first, as the protobuf spec requires.
    public mutating func write(field: Int, int32 value: Int32) {
        write(field: field, int64: Int64(value))
    }

    public mutating func write(field: Int, uint32 value: UInt32) {
        write(field: field, uint64: UInt64(value))
    }

    public mutating func write(field: Int, bool value: Bool) {
        write(field: field, uint64: value ? 1 : 0)
    }

    public mutating func write(field: Int, float value: Float) {
        writeTag(field: field, wireType: .fixed32)
        appendLittleEndian(value.bitPattern)
    }

    public mutating func write(field: Int, double value: Double) {
        writeTag(field: field, wireType: .fixed64)
        appendLittleEndian(value.bitPattern)
    }

    // MARK: Length-delimited

    public mutating func write(field: Int, bytes value: [UInt8]) {
        writeTag(field: field, wireType: .lengthDelimited)
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    public mutating func write(field: Int, string value: String) {
        write(field: field, bytes: Array(value.utf8))
    }

    public mutating func write(field: Int, message: ProtobufWriter) {
        write(field: field, bytes: message.bytes)
    }

    /// An embedded message built in place: `writer.writeMessage(field: 100) { layer in … }`.
    public mutating func writeMessage(field: Int, _ build: (inout ProtobufWriter) -> Void) {
        var message = ProtobufWriter()
        build(&message)
        write(field: field, message: message)
    }

    public mutating func write(field: Int, packedFloats values: [Float]) {
        var run = ProtobufWriter()
        run.bytes.reserveCapacity(4 * values.count)
        for v in values { run.appendLittleEndian(v.bitPattern) }
        write(field: field, message: run)
    }

    public mutating func write(field: Int, packedDoubles values: [Double]) {
        var run = ProtobufWriter()
        run.bytes.reserveCapacity(8 * values.count)
        for v in values { run.appendLittleEndian(v.bitPattern) }
        write(field: field, message: run)
    }

    /// Packed int64 (and int32, whose negatives are sign-extended the same way).
    public mutating func write(field: Int, packedInt64s values: [Int64]) {
        var run = ProtobufWriter()
        for v in values { run.writeVarint(UInt64(bitPattern: v)) }
        write(field: field, message: run)
    }

    private mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
