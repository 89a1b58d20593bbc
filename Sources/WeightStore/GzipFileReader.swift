import CZlib
import Foundation

/// Sequential reads from a gzip file through zlib, with errors that name the archive.
///
/// Refuses a decompression bomb: once the data expands past `maximumExpansion` times the
/// compressed size (weights and model files hardly compress; a bomb of zeros expands 1000-fold),
/// reading stops with an error, before a member fills the disk.
final class GzipFileReader {
    /// Over this ratio the archive is taken for a bomb.
    static let maximumExpansion = 100
    /// Tiny archives expand more than their contents would suggest (a tar pads to 10 KiB), so any
    /// archive may expand to this much.
    static let expansionAllowance = 1 << 20

    private let file: gzFile
    private let path: String
    private let name: String
    private let compressedBytes: Int
    private let limit: Int
    private var produced = 0

    /// `name` is what errors call the archive (its URL, for a download).
    init(path: String, name: String) throws {
        let magic = try Self.firstBytes(of: path, count: 2)
        guard magic == [0x1F, 0x8B] else {
            let shown = magic.isEmpty ? "the file is empty" : "starts with " + hexString(magic)
            throw WeightStoreError.corruptArchive(file: name, reason: "not gzip data (\(shown))")
        }
        guard let file = gzopen(path, "rb") else {
            throw WeightStoreError.unreadable(path: path, reason: FileSystem.reason())
        }
        gzbuffer(file, 1 << 17)
        self.file = file
        self.path = path
        self.name = name
        compressedBytes = Int(FileSystem.size(of: path) ?? 0)
        limit = max(compressedBytes.multipliedReportingOverflow(by: Self.maximumExpansion).partialValue, Self.expansionAllowance)
    }

    deinit { gzclose(file) }

    /// Fills `buffer` unless the data ends first; returns how many bytes it read. A gzip stream
    /// that stops early or fails its CRC is an error, not a short read.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = gzread(file, buffer.baseAddress! + filled, UInt32(min(buffer.count - filled, 1 << 30)))
            var code: Int32 = Z_OK
            var message = String(cString: gzerror(file, &code))
            if n < 0 || (code != Z_OK && code != Z_STREAM_END) {
                // zlib says Z_BUF_ERROR "unexpected end of file" when the gzip stream was cut short,
                // after the path of our temporary file, which means nothing to the user.
                if message.hasPrefix(path + ": ") { message.removeFirst(path.count + 2) }
                throw WeightStoreError.corruptArchive(file: name, reason: "gzip: \(message)")
            }
            if n == 0 { break }
            filled += Int(n)
            produced += Int(n)
            guard produced <= limit else {
                throw WeightStoreError.decompressionBomb(file: name, compressedBytes: compressedBytes, limit: limit)
            }
        }
        return filled
    }

    private static func firstBytes(of path: String, count: Int) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw WeightStoreError.unreadable(path: path, reason: FileSystem.reason())
        }
        defer { try? handle.close() }
        return [UInt8](handle.readData(ofLength: count))
    }
}
