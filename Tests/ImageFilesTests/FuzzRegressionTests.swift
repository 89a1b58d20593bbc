import Foundation
import Testing
import ImageFiles

/// Inputs on which a fuzzing harness (Fuzz/Harnesses) crashed a reader, kept as they were found
/// and replayed the harness's way; each now fails with one line instead.
@Suite struct FuzzRegressionTests {
    /// fuzz-idx, crash-89500169cfd0c28c1740f1da51eb5ea4ecc084f8: mode byte 1 (gzip the rest), then
    /// an image header of 264 images of 0 x 50465026 pixels and no payload, which is consistent
    /// (0 bytes); `image(_:)` then made an Image of height 0 and stopped on its precondition.
    static let idxZeroHeight: [UInt8] = [0x01, 0x00, 0x00, 0x08, 0x03, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00,
                                         0x00, 0x03, 0x02, 0x09, 0x02]

    @Test(arguments: [false, true]) func idxImagesOfZeroHeight(gzip: Bool) throws {
        let path = try Fixtures.temporaryFolder() + "/crash-idx3-ubyte"
        Fixtures.write(Array(Self.idxZeroHeight.dropFirst()), to: path, gzip: gzip)
        #expect(throws: ImageFilesError.idxEmptyImages(file: path, height: 0, width: 50_465_026)) {
            let images = try IDXImages(contentsOfFile: path)
            _ = images.image(images.count - 1)
        }
    }

    /// fuzz-png, oom-d892fc7a7732b19a9109d2b2004085cdddb785a0: a 16x2 PNG whose second chunk,
    /// sPLT at byte 33, claims 1,934,772,034 bytes; libpng allocated that much before reading it.
    static let pngHugeChunk: [UInt8] = [
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
        0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x02,
        0x01, 0x00, 0x00, 0x00, 0x00, 0x79, 0x96, 0x61, 0x5c, 0x73, 0x52, 0x47,
        0x42, 0x73, 0x50, 0x4c, 0x54, 0x00, 0x49, 0x44, 0x00, 0x00, 0x0e, 0x41,
        0x54, 0x78, 0x9c, 0x63, 0x58, 0x1a, 0xc5, 0xc0, 0xff, 0x01, 0x00, 0x05,
        0xb5, 0x01, 0xff, 0x64, 0x3a, 0x8d, 0x44,
    ]

    @Test func pngChunkLongerThanTheFile() {
        let message = "chunk sPLT at byte 33 claims 1934772034 bytes, only 22 follow"
        #expect(throws: ImageFilesError.corruptPNG(file: "crash.png", message: message)) {
            try Image(decoding: Data(Self.pngHugeChunk), file: "crash.png")
        }
    }
}
