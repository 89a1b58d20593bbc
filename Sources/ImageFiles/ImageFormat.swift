import Foundation

/// The image formats this module reads, recognised by their leading (magic) bytes, never by the
/// file extension: a `.jpg` that is really a PNG decodes as a PNG.
public enum ImageFormat: String, Sendable {
    case png, jpeg

    /// PNG: 89 'P' 'N' 'G' CR LF SUB LF. JPEG: an SOI marker (FF D8) followed by another marker.
    public init?(sniffing data: Data) {
        let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        if data.starts(with: pngSignature) {
            self = .png
        } else if data.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else {
            return nil
        }
    }
}
