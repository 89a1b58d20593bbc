import CZlib
import Foundation

/// The IDX container of MNIST and Fashion-MNIST: a big-endian header (magic 0x00000800 | dims,
/// for unsigned bytes, then one UInt32 size per dimension) followed by the bytes, row-major.
/// Read through zlib's gzread, which takes gzip-compressed and raw files alike.
///
/// The header's sizes are checked before the payload is read: against `maximumPayload`, and
/// against what the file can hold (its length if raw; 1032 times it, deflate's largest
/// expansion, if gzip). The payload is then read in pieces, so memory follows the data that is
/// really there, never the header's promise.
enum IDXFile {
    /// 1 GiB: 20 times Fashion-MNIST's training images.
    static let maximumPayload = 1 << 30
    /// Deflate's largest expansion of its input (RFC 1951 blocks of runs of 258 bytes).
    static let maximumGzipExpansion = 1032

    /// The dimension sizes and the payload, checked against `magic` and the header's sizes.
    static func read(_ path: String, magic: UInt32) throws -> (sizes: [Int], bytes: [UInt8]) {
        let input = try Input(path: path)
        let head = try input.read(upTo: 4)
        guard head.count == 4 else { throw ImageFilesError.idxWrongLength(file: path, expected: 4, found: head.count) }
        let found = Self.word(head, 0)
        guard found == magic else { throw ImageFilesError.idxWrongMagic(file: path, expected: magic, found: found) }
        let rank = Int(magic & 0xFF), header = 4 + 4 * rank
        let sizeWords = try input.read(upTo: 4 * rank)
        guard sizeWords.count == 4 * rank else {
            throw ImageFilesError.idxWrongLength(file: path, expected: header, found: 4 + sizeWords.count)
        }
        let sizes = (0..<rank).map { Int(Self.word(sizeWords, 4 * $0)) }
        // Three UInt32 sizes can overflow Int: such a header promises more than any limit.
        var payload = 1
        for size in sizes {
            let (product, overflow) = payload.multipliedReportingOverflow(by: size)
            payload = overflow ? Int.max : product
        }
        guard payload <= maximumPayload else {
            throw ImageFilesError.idxTooLarge(file: path, promised: payload, limit: maximumPayload)
        }
        if input.isGzip {
            guard header + payload <= maximumGzipExpansion * input.fileSize else {
                throw ImageFilesError.idxImpossibleLength(file: path, promised: header + payload, compressedBytes: input.fileSize)
            }
        } else if header + payload != input.fileSize {
            throw ImageFilesError.idxWrongLength(file: path, expected: header + payload, found: input.fileSize)
        }
        let bytes = try input.read(upTo: payload)
        guard bytes.count == payload else {
            throw ImageFilesError.idxWrongLength(file: path, expected: header + payload, found: header + bytes.count)
        }
        let trailing = try input.countRemaining()
        guard trailing == 0 else {
            throw ImageFilesError.idxWrongLength(file: path, expected: header + payload, found: header + payload + trailing)
        }
        try input.close()
        return (sizes, bytes)
    }

    private static func word(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// A raw or gzip file read through gzread, with zlib's errors turned into ours.
    private final class Input {
        let path: String
        let fileSize: Int
        let isGzip: Bool
        private var file: gzFile?
        private var piece = [UInt8](repeating: 0, count: 1 << 16)

        init(path: String) throws {
            self.path = path
            var status = stat()
            guard stat(path, &status) == 0 else {
                let code = errno
                throw code == ENOENT ? ImageFilesError.missingFile(path) : .unreadable(file: path, reason: FileAccess.reason(code))
            }
            guard (status.st_mode & S_IFMT) != S_IFDIR else { throw ImageFilesError.unreadable(file: path, reason: "is a directory") }
            fileSize = Int(status.st_size)
            guard let file = gzopen(path, "rb") else {
                let code = errno
                throw code == ENOENT ? ImageFilesError.missingFile(path) : .unreadable(file: path, reason: FileAccess.reason(code))
            }
            gzbuffer(file, 1 << 16)
            self.file = file
            isGzip = gzdirect(file) == 0
        }

        deinit { if let file { gzclose(file) } }

        /// Up to `count` bytes, fewer only at the end of the data; grows with what arrives.
        func read(upTo count: Int) throws -> [UInt8] {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(min(count, piece.count))
            while bytes.count < count {
                let n = try readPiece(min(count - bytes.count, piece.count))
                if n == 0 { break }
                bytes.append(contentsOf: piece[0..<n])
            }
            return bytes
        }

        /// How many bytes are left, read and dropped.
        func countRemaining() throws -> Int {
            var total = 0
            while true {
                let n = try readPiece(piece.count)
                if n == 0 { return total }
                total += n
            }
        }

        /// gzclose reports Z_BUF_ERROR when the last read stopped inside a gzip stream.
        func close() throws {
            guard let file else { return }
            self.file = nil
            if gzclose(file) != Z_OK { throw ImageFilesError.unreadable(file: path, reason: "gzip: truncated stream") }
        }

        private func readPiece(_ count: Int) throws -> Int {
            let n = piece.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32(count)) }
            var code: Int32 = 0
            // zlib prefixes its message with the path, which the error names already.
            var message = String(cString: gzerror(file, &code))
            if n < 0 || code != Z_OK {
                if message.hasPrefix(path + ": ") { message.removeFirst(path.count + 2) }
                throw ImageFilesError.unreadable(file: path, reason: "gzip: \(message)")
            }
            return Int(n)
        }
    }
}
