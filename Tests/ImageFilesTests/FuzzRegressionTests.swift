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
}
