/// A field's key as read from the wire.
public struct ProtobufTag: Sendable, Equatable {
    public let field: Int
    public let wireType: ProtobufWireType
    /// Byte offset of the key in the whole buffer, for error messages.
    public let offset: Int

    public init(field: Int, wireType: ProtobufWireType, offset: Int) {
        self.field = field
        self.wireType = wireType
        self.offset = offset
    }
}
