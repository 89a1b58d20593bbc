import CJPEGShim
import Foundation

/// JPEG through libjpeg, behind the C shim that turns libjpeg's longjmp errors into a status.
enum JPEGCodec {
    /// Greyscale and YCbCr/RGB JPEGs. CMYK and YCCK are rejected as unsupported. Truncated or
    /// damaged entropy data is an error, not a grey-filled image.
    static func decode(_ data: Data, file: String) throws -> Image {
        var decoded = CJPEGShimImage()
        let status = data.withUnsafeBytes { raw in
            cjpegshim_decode(raw.bindMemory(to: UInt8.self).baseAddress, UInt(raw.count), UInt(Image.maximumPixels), &decoded)
        }
        defer { cjpegshim_free(&decoded) }
        switch Int(status) {
        case Int(CJPEGSHIM_OK):
            let count = Int(decoded.width) * Int(decoded.height) * Int(decoded.components)
            return Image(width: Int(decoded.width), height: Int(decoded.height),
                         interleaved: UnsafeBufferPointer(start: decoded.pixels, count: count),
                         components: Int(decoded.components))
        case Int(CJPEGSHIM_TOO_LARGE):
            throw ImageFilesError.tooManyPixels(file: file, width: Int(decoded.width), height: Int(decoded.height),
                                                limit: Image.maximumPixels)
        case Int(CJPEGSHIM_UNSUPPORTED):
            throw ImageFilesError.unsupported(file: file, what: FileAccess.message(of: &decoded.message))
        default:
            throw ImageFilesError.corruptJPEG(file: file, message: FileAccess.message(of: &decoded.message))
        }
    }

    /// Baseline JPEG at `quality` (1-100, libjpeg's scale), written atomically.
    static func write(_ image: Image, to path: String, quality: Int) throws {
        precondition((1...100).contains(quality), "JPEG quality \(quality) is outside 1...100")
        let bytes = image.interleavedBytes()
        try FileAccess.writeAtomically(to: path) { temporary in
            var text = [CChar](repeating: 0, count: Int(CJPEGSHIM_MESSAGE_LENGTH))
            let status = cjpegshim_write(temporary, bytes, Int32(image.width), Int32(image.height),
                                         Int32(quality), &text)
            guard status == CJPEGSHIM_OK else {
                throw ImageFilesError.cannotWrite(file: path, reason: String(cString: text))
            }
        }
    }
}
