import Foundation

/// The chunk lengths of a PNG, checked against the file's own length before libpng reads it.
///
/// libpng allocates a chunk's stated length before reading its data (for sPLT, iCCP, text
/// chunks and more), up to 2 GB, and the simplified png_image API offers no way to lower its
/// limit: a 67-byte file claiming a 1.9 GB sPLT chunk made it allocate 1.9 GB (found by
/// Fuzz/Harnesses/png). A chunk longer than what is left of the file cannot be whole, so such a
/// file is refused here, before libpng sees it.
enum PNGChunkLengths {
    /// Throws `corruptPNG` for the first chunk whose length runs past the end of `data`. Stops at
    /// IEND, or where the data ends (a truncated file is libpng's to report).
    static func check(_ data: Data, file: String) throws {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 8   // the signature
            while offset + 8 <= bytes.count {
                let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
                let type = String(decoding: bytes[offset + 4..<offset + 8].map { (0x20..<0x7F).contains($0) ? $0 : 0x3F },
                                  as: UTF8.self)
                let remaining = bytes.count - (offset + 12)   // after the length, type and CRC
                guard length <= remaining else {
                    throw ImageFilesError.corruptPNG(
                        file: file, message: "chunk \(type) at byte \(offset) claims \(length) bytes, only \(max(remaining, 0)) follow")
                }
                if type == "IEND" { return }
                offset += 12 + length
            }
        }
    }
}
