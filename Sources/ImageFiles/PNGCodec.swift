import CPNG
import Foundation

/// PNG through libpng's simplified `png_image` API, which reports errors in a status and message
/// instead of longjmp.
enum PNGCodec {
    /// Any PNG (1-16 bits, grey, palette, alpha) as 8-bit RGB: libpng expands grey and palettes and
    /// composites alpha onto white (in linear light). 16-bit files without gamma information are
    /// taken as sRGB-encoded, as nearly all are, and reduced to 8 bits.
    static func decode(_ data: Data, file: String) throws -> Image {
        try PNGChunkLengths.check(data, file: file)
        var png = png_image()
        png.version = png_uint_32(PNG_IMAGE_VERSION)
        return try data.withUnsafeBytes { raw in
            guard png_image_begin_read_from_memory(&png, raw.baseAddress, raw.count) != 0 else {
                throw ImageFilesError.corruptPNG(file: file, message: FileAccess.message(of: &png.message))
            }
            defer { png_image_free(&png) }
            png.format = png_uint_32(PNG_FORMAT_RGB)
            png.flags |= png_uint_32(PNG_IMAGE_FLAG_16BIT_sRGB)
            let width = Int(png.width), height = Int(png.height)
            guard width * height <= Image.maximumPixels else {
                throw ImageFilesError.tooManyPixels(file: file, width: width, height: height, limit: Image.maximumPixels)
            }
            // Deflate expands at most 1032-fold and a PNG pixel takes at least one bit, so a header
            // promising more pixels than that could hold is damaged (or a bomb): refused before the
            // output buffer is allocated for it.
            guard width * height <= 8 * 1032 * data.count else {
                throw ImageFilesError.impossibleSize(file: file, width: width, height: height, bytes: data.count)
            }
            var bytes = [UInt8](repeating: 0, count: width * height * 3)
            var white = png_color(red: 255, green: 255, blue: 255)
            guard png_image_finish_read(&png, &white, &bytes, png_int_32(width * 3), nil) != 0 else {
                throw ImageFilesError.corruptPNG(file: file, message: FileAccess.message(of: &png.message))
            }
            return bytes.withUnsafeBufferPointer {
                Image(width: width, height: height, interleaved: $0, components: 3)
            }
        }
    }

    /// 8-bit RGB, written atomically.
    static func write(_ image: Image, to path: String) throws {
        let bytes = image.interleavedBytes()
        try FileAccess.writeAtomically(to: path) { temporary in
            var png = png_image()
            png.version = png_uint_32(PNG_IMAGE_VERSION)
            png.width = png_uint_32(image.width)
            png.height = png_uint_32(image.height)
            png.format = png_uint_32(PNG_FORMAT_RGB)
            guard png_image_write_to_file(&png, temporary, 0, bytes, png_int_32(image.width * 3), nil) != 0 else {
                throw ImageFilesError.cannotWrite(file: path, reason: FileAccess.message(of: &png.message))
            }
        }
    }
}
