import CaffeModel
import CaffeTestSupport
import Testing

@Suite struct ProtobufWireTests {
    /// Each case: bytes built with the writer, and the bytes protoc-generated code writes for the
    /// same field, derived by hand from the encoding spec (protobuf.dev/programming-guides/encoding).
    @Test func writerMatchesTheProtobufSpec() {
        var w = ProtobufWriter()
        // Field 1, varint 150: key 1<<3|0 = 0x08; 150 = 0b1_0010110 → low seven bits 0x16 with the
        // continuation bit (0x96), then 150>>7 = 1 (0x01). The spec's own example.
        w.write(field: 1, uint64: 150)
        #expect(w.bytes == [0x08, 0x96, 0x01])

        // Field 2, string "testing": key 2<<3|2 = 0x12, length 7, then the ASCII bytes.
        w = ProtobufWriter()
        w.write(field: 2, string: "testing")
        #expect(w.bytes == [0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6E, 0x67])

        // Field 1, int32 -1: sign-extended to 64 bits (0xFFFF_FFFF_FFFF_FFFF), nine 0xFF bytes carry
        // 63 bits and a tenth byte 0x01 carries bit 63: ten bytes after the key 0x08.
        w = ProtobufWriter()
        w.write(field: 1, int32: -1)
        #expect(w.bytes == [0x08] + Array(repeating: 0xFF, count: 9) + [0x01])

        // Field 4, packed [3, 270, 86942]: key 4<<3|2 = 0x22; 3 → 03; 270 = 2·128 + 14 → 8E 02;
        // 86942 = 5·128² + 39·128 + 30 → 9E A7 05; six bytes in all. The spec's packed example.
        w = ProtobufWriter()
        w.write(field: 4, packedInt64s: [3, 270, 86942])
        #expect(w.bytes == [0x22, 0x06, 0x03, 0x8E, 0x02, 0x9E, 0xA7, 0x05])

        // Field 5 (BlobProto.data), one unpacked float 1.0: key 5<<3|5 = 0x2D, then 1.0f =
        // 0x3F800000 little-endian.
        w = ProtobufWriter()
        w.write(field: 5, float: 1)
        #expect(w.bytes == [0x2D, 0x00, 0x00, 0x80, 0x3F])

        // Field 5 packed [1.0, 2.0]: key 5<<3|2 = 0x2A, length 8, 0x3F800000 and 0x40000000 LE.
        w = ProtobufWriter()
        w.write(field: 5, packedFloats: [1, 2])
        #expect(w.bytes == [0x2A, 0x08, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x40])

        // Field 8 (BlobProto.double_data), one double 1.0: key 8<<3|1 = 0x41, 0x3FF0000000000000 LE.
        w = ProtobufWriter()
        w.write(field: 8, double: 1)
        #expect(w.bytes == [0x41, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F])

        // BlobProto { shape { dim: 2 dim: 3 } }: inner dim is field 1 packed: 0A 02 02 03; the
        // shape is field 7: key 7<<3|2 = 0x3A, length 4.
        w = ProtobufWriter()
        w.writeMessage(field: 7) { $0.write(field: 1, packedInt64s: [2, 3]) }
        #expect(w.bytes == [0x3A, 0x04, 0x0A, 0x02, 0x02, 0x03])

        // NetParameter { layer { name: "a" } }: key 100<<3|2 = 802 = 6·128 + 34 → A2 06; the layer
        // holds field 1 string "a" (0A 01 61), three bytes.
        w = ProtobufWriter()
        w.writeMessage(field: 100) { $0.write(field: 1, string: "a") }
        #expect(w.bytes == [0xA2, 0x06, 0x03, 0x0A, 0x01, 0x61])

        // bool true in field 2: key 0x10, value 1. UInt64.max: nine 0xFF bytes then 0x01.
        w = ProtobufWriter()
        w.write(field: 2, bool: true)
        w.write(field: 1, uint64: .max)
        #expect(w.bytes == [0x10, 0x01, 0x08] + Array(repeating: 0xFF, count: 9) + [0x01])
    }

    @Test func readerDecodesSpecBytes() throws {
        var r = ProtobufReader([0x08, 0x96, 0x01, 0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6E, 0x67,
                                0x22, 0x06, 0x03, 0x8E, 0x02, 0x9E, 0xA7, 0x05])
        let t1 = try #require(try r.nextTag())
        #expect(t1 == ProtobufTag(field: 1, wireType: .varint, offset: 0))
        #expect(try r.readUInt64(t1) == 150)
        let t2 = try #require(try r.nextTag())
        #expect(t2 == ProtobufTag(field: 2, wireType: .lengthDelimited, offset: 3))
        #expect(try r.readString(t2) == "testing")
        let t4 = try #require(try r.nextTag())
        var packed: [Int64] = []
        try r.readInt64s(t4, into: &packed)
        #expect(packed == [3, 270, 86942])
        #expect(try r.nextTag() == nil)
    }

    @Test func roundTripsEdgeValues() throws {
        let unsigned: [UInt64] = [0, 1, 127, 128, 300, UInt64(UInt32.max), UInt64.max]
        let signed64: [Int64] = [.min, -1, 0, 1, .max]
        let signed32: [Int32] = [.min, -1, 0, 1, .max]
        let floats: [Float] = [0, -0.0, 1.5, -3.25e-20, .infinity, -.infinity, .greatestFiniteMagnitude,
                               .leastNonzeroMagnitude, .nan]
        let doubles: [Double] = [0, -0.0, 1e300, -.leastNonzeroMagnitude, .nan]
        var w = ProtobufWriter()
        for v in unsigned { w.write(field: 1, uint64: v) }
        for v in signed64 { w.write(field: 2, int64: v) }
        for v in signed32 { w.write(field: 3, int32: v) }
        for v in floats { w.write(field: 4, float: v) }           // unpacked repeated float
        w.write(field: 5, packedFloats: floats)
        for v in doubles { w.write(field: 6, double: v) }
        w.write(field: 7, packedDoubles: doubles)
        w.write(field: 8, packedInt64s: signed64)
        w.write(field: 9, string: "")
        w.write(field: 9, string: "∂é conv1")
        w.write(field: 536_870_911, bool: true)                   // the largest field number
        w.writeMessage(field: 10) { inner in
            inner.writeMessage(field: 1) { $0.write(field: 2, uint32: .max) }
        }

        var r = ProtobufReader(w.bytes)
        var u: [UInt64] = [], s64: [Int64] = [], s32: [Int32] = [], f4: [Float] = [], f5: [Float] = []
        var d6: [Double] = [], d7: [Double] = [], i8: [Int64] = [], strings: [String] = []
        var flag = false, deep: UInt32 = 0
        while let tag = try r.nextTag() {
            switch tag.field {
            case 1: u.append(try r.readUInt64(tag))
            case 2: s64.append(try r.readInt64(tag))
            case 3: s32.append(try r.readInt32(tag))
            case 4: try r.readFloats(tag, into: &f4)
            case 5: try r.readFloats(tag, into: &f5)
            case 6: d6.append(try r.readDouble(tag))
            case 7: try r.readDoubles(tag, into: &d7)
            case 8: try r.readInt64s(tag, into: &i8)
            case 9: strings.append(try r.readString(tag))
            case 536_870_911: flag = try r.readBool(tag)
            case 10:
                var outer = try r.readMessage(tag)
                let innerTag = try #require(try outer.nextTag())
                var inner = try outer.readMessage(innerTag)
                deep = try inner.readUInt32(#require(try inner.nextTag()))
                #expect(inner.depth == 2)
            default: Issue.record("unexpected field \(tag.field)")
            }
        }
        #expect(u == unsigned)
        #expect(s64 == signed64)
        #expect(s32 == signed32)
        #expect(f4.map(\.bitPattern) == floats.map(\.bitPattern))  // keeps -0 and NaN exactly
        #expect(f5.map(\.bitPattern) == floats.map(\.bitPattern))
        #expect(d6.map(\.bitPattern) == doubles.map(\.bitPattern))
        #expect(d7.map(\.bitPattern) == doubles.map(\.bitPattern))
        #expect(i8 == signed64)
        #expect(strings == ["", "∂é conv1"])
        #expect(flag)
        #expect(deep == .max)
    }

    @Test func negativeInt32TakesTenBytesAndReadsBack() throws {
        var w = ProtobufWriter()
        w.write(field: 1, int32: Int32.min)
        #expect(w.bytes.count == 11)                              // key + ten-byte varint
        var r = ProtobufReader(w.bytes)
        let tag = try #require(try r.nextTag())
        #expect(try r.readInt32(tag) == .min)
    }

    @Test func skipsUnknownFieldsOfEveryWireType() throws {
        var w = ProtobufWriter()
        w.write(field: 20, uint64: 99)                            // varint
        w.write(field: 21, double: 2)                             // fixed64
        w.write(field: 22, string: "skip me")                     // length-delimited
        w.writeTag(field: 23, wireType: .startGroup)              // group holding a nested group
        w.write(field: 1, uint64: 5)
        w.writeTag(field: 24, wireType: .startGroup)
        w.write(field: 2, float: 1)
        w.writeTag(field: 24, wireType: .endGroup)
        w.writeTag(field: 23, wireType: .endGroup)
        w.write(field: 25, float: 3)                              // fixed32
        w.write(field: 1, uint64: 42)
        var r = ProtobufReader(w.bytes)
        var known: [UInt64] = []
        while let tag = try r.nextTag() {
            if tag.field == 1 { known.append(try r.readUInt64(tag)) } else { try r.skipField(tag) }
        }
        #expect(known == [42])
    }

    // MARK: Errors, each with its own case and offset

    private func skipAll(_ bytes: [UInt8]) throws {
        var r = ProtobufReader(bytes)
        while let tag = try r.nextTag() { try r.skipField(tag) }
    }

    @Test func truncatedVarintAndLength() {
        // 0x96 promises another byte that never comes.
        #expect(throws: ProtobufError.truncated(offset: 1, needed: 2, available: 1)) { try skipAll([0x08, 0x96]) }
        // A 7-byte string with only two bytes left after its length.
        #expect(throws: ProtobufError.truncated(offset: 2, needed: 7, available: 2)) {
            try skipAll([0x12, 0x07, 0x74, 0x65])
        }
        // A fixed32 with three bytes.
        #expect(throws: ProtobufError.truncated(offset: 1, needed: 4, available: 3)) {
            try skipAll([0x2D, 0x00, 0x00, 0x80])
        }
        // A huge length (2^63) is truncation, not an overflow.
        #expect(throws: ProtobufError.truncated(offset: 11, needed: Int.max, available: 0)) {
            try skipAll([0x12] + Array(repeating: 0x80, count: 9) + [0x01])
        }
    }

    @Test func malformedVarints() {
        // Eleven bytes: the tenth still has its continuation bit.
        #expect(throws: ProtobufError.malformedVarint(offset: 1)) {
            try skipAll([0x08] + Array(repeating: 0xFF, count: 10) + [0x01])
        }
        // Ten bytes whose last one sets bits above 63.
        #expect(throws: ProtobufError.malformedVarint(offset: 1)) {
            try skipAll([0x08] + Array(repeating: 0xFF, count: 9) + [0x02])
        }
    }

    @Test func invalidKeys() {
        #expect(throws: ProtobufError.invalidWireType(7, offset: 2)) { try skipAll([0x08, 0x01, 0x0F]) }
        #expect(throws: ProtobufError.invalidWireType(6, offset: 0)) { try skipAll([0x0E]) }
        #expect(throws: ProtobufError.invalidFieldNumber(0, offset: 0)) { try skipAll([0x00, 0x01]) }
        #expect(throws: ProtobufError.unmatchedEndGroup(field: 1, offset: 0)) { try skipAll([0x0C]) }
        #expect(throws: ProtobufError.unterminatedGroup(field: 1, offset: 0)) { try skipAll([0x0B, 0x10, 0x05]) }
    }

    @Test func wrongWireTypeForAKnownField() throws {
        var r = ProtobufReader([0x08, 0x01])
        let tag = try #require(try r.nextTag())
        #expect(throws: ProtobufError.unexpectedWireType(field: 1, expected: .lengthDelimited, found: .varint, offset: 0)) {
            _ = try r.readString(tag)
        }
    }

    @Test func raggedPackedFloats() throws {
        var r = ProtobufReader([0x2A, 0x03, 0x00, 0x00, 0x80])
        let tag = try #require(try r.nextTag())
        var values: [Float] = []
        #expect(throws: ProtobufError.ragged(field: 5, length: 3, valueSize: 4, offset: 2)) {
            try r.readFloats(tag, into: &values)
        }
    }

    @Test func nestingIsLimited() throws {
        func groups(_ depth: Int) -> [UInt8] {
            Array(repeating: 0x0B, count: depth) + Array(repeating: 0x0C, count: depth)
        }
        try skipAll(groups(ProtobufReader.maximumDepth))
        #expect(throws: ProtobufError.nestingTooDeep(limit: ProtobufReader.maximumDepth, offset: 100)) {
            try skipAll(groups(ProtobufReader.maximumDepth + 1))
        }

        var message = ProtobufWriter()
        for _ in 0...ProtobufReader.maximumDepth {
            var outer = ProtobufWriter()
            outer.write(field: 1, message: message)
            message = outer
        }
        var r = ProtobufReader(message.bytes)
        #expect(throws: ProtobufError.self) {
            while let tag = try r.nextTag() { r = try r.readMessage(tag) }
        }
        #expect(r.depth == ProtobufReader.maximumDepth)
    }
}
