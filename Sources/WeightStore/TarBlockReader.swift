import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tar archive as a stream of 512-byte blocks.
struct TarBlockReader {
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
