import CZlib
import Foundation

/// The IDX container of MNIST and Fashion-MNIST: a big-endian header (magic 0x00000800 | dims,
/// for unsigned bytes, then one UInt32 size per dimension) followed by the bytes, row-major.
/// Read through zlib's gzread, which takes gzip-compressed and raw files alike.
enum IDXFile {
    /// The dimension sizes and the payload, checked against `magic` and the header's sizes.
    static func read(_ path: String, magic: UInt32) throws -> (sizes: [Int], bytes: [UInt8]) {
        let data = try decompressedContents(of: path)
        func word(_ at: Int) -> UInt32 {
            data[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
        guard data.count >= 4 else { throw ImageFilesError.idxWrongLength(file: path, expected: 4, found: data.count) }
        guard word(0) == magic else { throw ImageFilesError.idxWrongMagic(file: path, expected: magic, found: word(0)) }
        let rank = Int(magic & 0xFF), header = 4 + 4 * rank
        guard data.count >= header else {
            throw ImageFilesError.idxWrongLength(file: path, expected: header, found: data.count)
        }
        let sizes = (0..<rank).map { Int(word(4 + 4 * $0)) }
        // Three UInt32 sizes can overflow Int: a garbage header then simply promises too much.
        var payload = 1
        for size in sizes {
            let (product, overflow) = payload.multipliedReportingOverflow(by: size)
            payload = overflow ? Int.max - header : min(product, Int.max - header)
        }
        let expected = header + payload
        guard data.count == expected else {
            throw ImageFilesError.idxWrongLength(file: path, expected: expected, found: data.count)
        }
        return (sizes, Array(data[header...]))
    }

    private static func decompressedContents(of path: String) throws -> [UInt8] {
        guard let file = gzopen(path, "rb") else {
            let code = errno
            throw code == ENOENT ? ImageFilesError.missingFile(path)
                                 : .unreadable(file: path, reason: FileAccess.reason(code))
        }
        gzbuffer(file, 1 << 17)
        var contents = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if n <= 0 {
                var code: Int32 = 0
                // zlib prefixes its message with the path, which the error names already.
                var message = String(cString: gzerror(file, &code))
                if message.hasPrefix(path + ": ") { message.removeFirst(path.count + 2) }
                // gzclose reports Z_BUF_ERROR when the last read stopped inside a gzip stream.
                let closed = gzclose(file)
                if n < 0 || code != Z_OK { throw ImageFilesError.unreadable(file: path, reason: "gzip: \(message)") }
                if closed != Z_OK { throw ImageFilesError.unreadable(file: path, reason: "gzip: truncated stream") }
                return contents
            }
            contents.append(contentsOf: chunk[0..<Int(n)])
        }
    }
}
