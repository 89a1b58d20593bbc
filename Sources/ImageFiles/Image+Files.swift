import Foundation

extension Image {
    /// The most pixels a decoded file may have: 8192 x 8192, 768 MB as float RGB. A header is
    /// all a decompression bomb needs, so larger images are refused before anything is allocated
    /// for them. The fuzzing harnesses lower it, so that each input decodes in milliseconds.
    nonisolated(unsafe) public static var maximumPixels = 8192 * 8192

    /// Decodes a PNG or JPEG file, the format told by its magic bytes.
    public init(contentsOfFile path: String) throws {
        try self.init(decoding: try FileAccess.contents(of: path), file: path)
    }

    /// Decodes PNG or JPEG bytes; `file` names the source in error messages.
    public init(decoding data: Data, file: String = "<memory>") throws {
        switch ImageFormat(sniffing: data) {
        case .png: self = try PNGCodec.decode(data, file: file)
        case .jpeg: self = try JPEGCodec.decode(data, file: file)
        case nil:
            let header = data.prefix(8).map { String(format: "%02x", $0) }.joined(separator: " ")
            throw ImageFilesError.notAnImage(file: file, header: header)
        }
    }

    /// Writes an 8-bit RGB PNG atomically (temporary file, fsync, rename).
    public func writePNG(to path: String) throws {
        try PNGCodec.write(self, to: path)
    }

    /// Writes a baseline JPEG atomically; `quality` is libjpeg's 1-100 scale.
    public func writeJPEG(to path: String, quality: Int = 90) throws {
        try JPEGCodec.write(self, to: path, quality: quality)
    }
}
