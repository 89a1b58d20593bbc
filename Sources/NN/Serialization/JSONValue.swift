/// Just enough JSON (RFC 8259) for file headers, parsed and written by hand.
///
/// Objects keep their key order and numbers keep their text, so a reader can spot repeated keys
/// and decide for itself what counts as an integer (`2.0`, `1e3` and `true` do not).
enum JSONValue {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// A JSON syntax error at a byte offset of the parsed text.
    struct SyntaxError: Error {
        let offset: Int
        let message: String
    }

    /// Parses one value, allowing surrounding whitespace (safetensors pads its header with spaces).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> JSONValue {
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else {
            throw parser.error("unexpected \(parser.describeNext()) after the end of the JSON value")
        }
        return value
    }

    /// The integer a number holds, if it is written as a non-negative integer.
    var nonNegativeInteger: Int? {
        guard case .number(let text) = self, let value = Int(text), value >= 0 else { return nil }
        return value
    }

    /// Compact JSON text (no spaces), as serde_json writes it.
    var text: String {
        switch self {
        case .object(let members):
            return "{" + members.map { JSONValue.quoted($0.key) + ":" + $0.value.text }.joined(separator: ",") + "}"
        case .array(let elements):
            return "[" + elements.map(\.text).joined(separator: ",") + "]"
        case .string(let string): return JSONValue.quoted(string)
        case .number(let text): return text
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        }
    }

    private static func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension JSONValue {
    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        /// Deeper nesting than any header needs; bounds the recursion on hostile input.
        static let maximumDepth = 64

        func error(_ message: String, at offset: Int? = nil) -> JSONValue.SyntaxError {
            JSONValue.SyntaxError(offset: offset ?? position, message: message)
        }

        func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

        func describeNext() -> String {
            guard let byte = peek() else { return "end of text" }
            return (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
        }

        mutating func skipWhitespace() {
            while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
        }

        mutating func expect(_ character: Unicode.Scalar, _ context: String) throws {
            guard peek() == UInt8(character.value) else { throw error("expected \(context), found \(describeNext())") }
            position += 1
        }

        mutating func parseValue(depth: Int) throws -> JSONValue {
            guard depth < Parser.maximumDepth else { throw error("nested deeper than \(Parser.maximumDepth) levels") }
            guard let byte = peek() else { throw error("expected a value, found end of text") }
            switch byte {
            case UInt8(ascii: "{"): return try parseObject(depth: depth)
            case UInt8(ascii: "["): return try parseArray(depth: depth)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
            case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
            case UInt8(ascii: "n"): try parseLiteral("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
            default: throw error("expected a value, found \(describeNext())")
            }
        }

        mutating func parseObject(depth: Int) throws -> JSONValue {
            position += 1
            skipWhitespace()
            var members: [(key: String, value: JSONValue)] = []
            if peek() == UInt8(ascii: "}") { position += 1; return .object(members) }
            while true {
                guard peek() == UInt8(ascii: "\"") else { throw error("expected a string key, found \(describeNext())") }
                let key = try parseString()
                skipWhitespace()
                try expect(":", "':' after a key")
                skipWhitespace()
                members.append((key, try parseValue(depth: depth + 1)))
                skipWhitespace()
                if peek() == UInt8(ascii: "}") { position += 1; return .object(members) }
                try expect(",", "',' or '}' in an object")
                skipWhitespace()
            }
        }

        mutating func parseArray(depth: Int) throws -> JSONValue {
            position += 1
            skipWhitespace()
            var elements: [JSONValue] = []
            if peek() == UInt8(ascii: "]") { position += 1; return .array(elements) }
            while true {
                elements.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                if peek() == UInt8(ascii: "]") { position += 1; return .array(elements) }
                try expect(",", "',' or ']' in an array")
                skipWhitespace()
            }
        }

        mutating func parseLiteral(_ word: String) throws {
            for expected in word.utf8 {
                guard peek() == expected else { throw error("expected '\(word)', found \(describeNext())") }
                position += 1
            }
        }

        mutating func parseNumber() throws -> String {
            let start = position
            if peek() == UInt8(ascii: "-") { position += 1 }
            if peek() == UInt8(ascii: "0") { position += 1 } else { try parseDigits() }
            if peek() == UInt8(ascii: ".") { position += 1; try parseDigits() }
            if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
                position += 1
                if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
                try parseDigits()
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        }

        mutating func parseDigits() throws {
            let start = position
            while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
            guard position > start else { throw error("expected a digit, found \(describeNext())") }
        }

        mutating func parseString() throws -> String {
            let start = position
            position += 1
            var utf8: [UInt8] = []
            while true {
                guard let byte = peek() else { throw error("unterminated string", at: start) }
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard let string = String(validating: utf8, as: UTF8.self) else {
                        throw error("string is not valid UTF-8", at: start)
                    }
                    return string
                case UInt8(ascii: "\\"):
                    try parseEscape(into: &utf8)
                case 0..<0x20:
                    throw error("control character 0x\(String(byte, radix: 16)) inside a string", at: position - 1)
                default:
                    utf8.append(byte)
                }
            }
        }

        mutating func parseEscape(into utf8: inout [UInt8]) throws {
            let start = position - 1
            guard let byte = peek() else { throw error("unterminated string") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte); return
            case UInt8(ascii: "b"): utf8.append(0x08); return
            case UInt8(ascii: "f"): utf8.append(0x0C); return
            case UInt8(ascii: "n"): utf8.append(0x0A); return
            case UInt8(ascii: "r"): utf8.append(0x0D); return
            case UInt8(ascii: "t"): utf8.append(0x09); return
            case UInt8(ascii: "u"): break
            default: throw error("invalid escape '\\\(Character(Unicode.Scalar(byte)))'", at: start)
            }
            var code = try parseHex4()
            if (0xD800..<0xDC00).contains(code) {
                // A high surrogate must be followed by an escaped low surrogate.
                guard peek() == UInt8(ascii: "\\") else { throw error("unpaired surrogate \\u\(String(code, radix: 16))", at: start) }
                position += 1
                try expect("u", "a low surrogate escape")
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate \\u\(String(code, radix: 16))", at: start) }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(code) else { throw error("unpaired surrogate \\u\(String(code, radix: 16))", at: start) }
            UTF8.encode(scalar) { utf8.append($0) }
        }

        mutating func parseHex4() throws -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let byte = peek(), let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
                    throw error("expected four hex digits after \\u, found \(describeNext())")
                }
                value = value << 4 | UInt32(digit)
                position += 1
            }
            return value
        }
    }
}
