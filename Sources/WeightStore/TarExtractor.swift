import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Takes named regular files out of a .tar.gz archive, streaming, without unpacking the rest.
///
/// Reads POSIX ustar and GNU tar: 512-byte headers with octal (or GNU base-256) sizes, the ustar
/// prefix field, GNU long names ('L') and pax `path` records ('x'). Every member path is checked,
/// kept or not: an absolute path or one with a `..` component rejects the whole archive.
public enum TarExtractor {
    /// What was written for one member.
    public struct ExtractedFile: Sendable, Equatable {
        public let name: String
        public let bytes: Int64
        public let sha256: String
    }

    /// Writes each regular file whose last path component is in `names` to `folder/<that name>`.
    /// `archiveName` is what errors call the archive (its URL, for a download). Throws
    /// `.missingArchiveMember` if a name is not in the archive, and on any corruption.
    public static func extract(archive path: String, archiveName: String, names: [String],
                               into folder: String) throws -> [ExtractedFile] {
        let input = try GzipFileReader(path: path, name: archiveName)
        var reader = BlockReader(input: input, archiveName: archiveName)
        let wanted = Set(names)
        var extracted: [String: ExtractedFile] = [:]
        var longName: String?     // from a GNU 'L' entry, for the next header
        var paxPath: String?      // from a pax 'x' entry, for the next header

        while let header = try reader.nextHeader() {
            let entry = try TarHeader(header, archiveName: archiveName)
            let path = paxPath ?? longName ?? entry.path
            paxPath = nil
            longName = nil
            switch entry.type {
            case UInt8(ascii: "L"):
                longName = cString(try reader.readData(count: entry.size))
            case UInt8(ascii: "x"):
                paxPath = try paxRecords(try reader.readData(count: entry.size), archiveName: archiveName)["path"]
            default:
                guard !path.hasPrefix("/") && !path.split(separator: "/").contains("..") else {
                    throw WeightStoreError.unsafeArchivePath(file: archiveName, path: path)
                }
                let name = path.split(separator: "/").last.map(String.init) ?? ""
                // '0' and NUL are regular files, '7' a contiguous file; the rest are skipped.
                let isRegular = entry.type == UInt8(ascii: "0") || entry.type == 0 || entry.type == UInt8(ascii: "7")
                if isRegular && wanted.contains(name) {
                    guard extracted[name] == nil else {
                        throw WeightStoreError.corruptArchive(file: archiveName, reason: "\(name) appears twice")
                    }
                    let target = folder + "/" + name
                    let (bytes, digest) = try reader.copyData(count: entry.size, to: target)
                    extracted[name] = ExtractedFile(name: name, bytes: bytes, sha256: digest)
                } else {
                    try reader.skipData(count: entry.size)
                }
            }
        }
        return try names.map { name in
            guard let file = extracted[name] else {
                throw WeightStoreError.missingArchiveMember(file: archiveName, member: name)
            }
            return file
        }
    }

    /// "<length> <key>=<value>\n" records of a pax extended header.
    private static func paxRecords(_ data: [UInt8], archiveName: String) throws -> [String: String] {
        var records: [String: String] = [:]
        var offset = 0
        while offset < data.count {
            guard let space = data[offset...].firstIndex(of: UInt8(ascii: " ")),
                  let length = Int(String(decoding: data[offset..<space], as: UTF8.self)),
                  length > space - offset, offset + length <= data.count,
                  let equals = data[(space + 1)..<(offset + length)].firstIndex(of: UInt8(ascii: "="))
            else {
                throw WeightStoreError.corruptArchive(file: archiveName, reason: "malformed pax header at record offset \(offset)")
            }
            let key = String(decoding: data[(space + 1)..<equals], as: UTF8.self)
            let value = String(decoding: data[(equals + 1)..<(offset + length - 1)], as: UTF8.self)
            records[key] = value
            offset += length
        }
        return records
    }
}

/// The fields of one 512-byte tar header that extraction needs.
private struct TarHeader {
    let path: String
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
        let name = cString(Array(block[0..<100]))
        let isUstar = block[257..<262].elementsEqual("ustar".utf8)
        let prefix = isUstar ? cString(Array(block[345..<500])) : ""
        self.path = prefix.isEmpty ? name : prefix + "/" + name
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
}

/// The archive as a stream of 512-byte blocks.
private struct BlockReader {
    let input: GzipFileReader
    let archiveName: String
    private var block = [UInt8](repeating: 0, count: 512)
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)

    init(input: GzipFileReader, archiveName: String) {
        self.input = input
        self.archiveName = archiveName
    }

    /// The next header, or nil at the end-of-archive zero block (or the end of the data).
    mutating func nextHeader() throws -> [UInt8]? {
        let n = try block.withUnsafeMutableBytes { try input.read(into: $0) }
        if n == 0 { return nil }
        guard n == 512 else { throw WeightStoreError.corruptArchive(file: archiveName, reason: "the archive ends inside a tar header") }
        return block.allSatisfy { $0 == 0 } ? nil : block
    }

    mutating func readData(count: Int64) throws -> [UInt8] {
        guard count <= 1 << 20 else {
            throw WeightStoreError.corruptArchive(file: archiveName, reason: "a \(count)-byte tar name record")
        }
        var data = [UInt8](repeating: 0, count: Int(Self.padded(count)))
        let n = try data.withUnsafeMutableBytes { try input.read(into: $0) }
        guard n == data.count else { throw endsEarly() }
        return Array(data.prefix(Int(count)))
    }

    mutating func skipData(count: Int64) throws {
        try stream(count: count) { _ in }
    }

    /// Writes the member's bytes to a new file at `path`; returns its size and SHA-256.
    mutating func copyData(count: Int64, to path: String) throws -> (Int64, String) {
        let fd = try FileSystem.create(path)
        defer { close(fd) }
        var hasher = SHA256()
        try stream(count: count) { piece in
            hasher.update(piece)
            try FileSystem.write(fd, piece, path: path)
        }
        guard fsync(fd) == 0 else { throw WeightStoreError.cannotWrite(path: path, reason: FileSystem.reason()) }
        return (count, hexString(hasher.finalize()))
    }

    /// Passes the member's bytes to `body` in pieces, then skips the padding to the next block.
    private mutating func stream(count: Int64, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var remaining = Self.padded(count)
        var useful = count
        while remaining > 0 {
            let want = Int(min(remaining, Int64(buffer.count)))
            let n = try buffer.withUnsafeMutableBytes { try input.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<want])) }
            guard n == want else { throw endsEarly() }
            let usefulHere = Int(min(useful, Int64(n)))
            if usefulHere > 0 {
                try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<usefulHere])) }
            }
            useful -= Int64(usefulHere)
            remaining -= Int64(n)
        }
    }

    private func endsEarly() -> WeightStoreError {
        .corruptArchive(file: archiveName, reason: "the archive ends inside a member")
    }

    private static func padded(_ count: Int64) -> Int64 { (count + 511) / 512 * 512 }
}

/// Bytes up to the first NUL, as UTF-8.
private func cString(_ bytes: [UInt8]) -> String {
    String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
}
