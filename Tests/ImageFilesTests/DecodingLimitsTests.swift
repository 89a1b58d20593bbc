import Foundation
import Testing
@testable import ImageFiles

/// Sizes read from a file are checked before anything is allocated for them: image dimensions
/// against `Image.maximumPixels` (and a PNG's against what its bytes can hold), IDX sizes
/// against `IDXFile.maximumPayload` and the file's own length. Each refusal is one line.
@Suite struct DecodingLimitsTests {
    private func failure(_ body: () throws -> Void) -> ImageFilesError? {
        do { try body() } catch let error as ImageFilesError { return error } catch { return nil }
        return nil
    }

    /// A PNG whose header says `width` x `height`, holding one row of data: the header is all a
    /// bomb needs.
    private func png(width: Int, height: Int) -> Data {
        Fixtures.png(width: width, height: height, bitDepth: 1, colorType: 0, rows: [[UInt8](repeating: 0, count: 4)])
    }

    @Test func refusesAPNGOverThePixelLimit() {
        let error = failure { _ = try Image(decoding: png(width: 100_000, height: 100_000), file: "bomb.png") }
        #expect(error == .tooManyPixels(file: "bomb.png", width: 100_000, height: 100_000, limit: Image.maximumPixels))
        #expect(error?.description == "bomb.png: a 100000x100000 image is over the limit of 67108864 pixels; refusing to decode it")
    }

    /// 4000 x 4000 is under the limit, but 16 million one-bit pixels do not fit in 70-odd bytes.
    @Test func refusesAPNGWhoseBytesCannotHoldItsSize() {
        let data = png(width: 4000, height: 4000)
        let error = failure { _ = try Image(decoding: data, file: "small.png") }
        #expect(error == .impossibleSize(file: "small.png", width: 4000, height: 4000, bytes: data.count))
        #expect(error?.description.hasSuffix("(deflate expands at most 1032-fold); the header is damaged") == true)
    }

    @Test func refusesAJPEGOverThePixelLimit() throws {
        var jpeg = Fixtures.greyJPEG
        // SOF0 (FF C0): length (2 bytes), precision (1), then height and width, big-endian.
        let sof = try #require((0..<jpeg.count - 1).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
        jpeg.replaceSubrange(sof + 5 ..< sof + 9, with: [0x4E, 0x20, 0x4E, 0x20])   // 20000 x 20000
        let error = failure { _ = try Image(decoding: Data(jpeg), file: "bomb.jpg") }
        #expect(error == .tooManyPixels(file: "bomb.jpg", width: 20000, height: 20000, limit: Image.maximumPixels))
    }

    @Test func refusesAnIDXHeaderOverThePayloadLimit() throws {
        let path = try Fixtures.temporaryFolder() + "/huge-idx3-ubyte"
        Fixtures.write(Fixtures.idx(magic: 0x803, sizes: [60_000, 1000, 1000], bytes: [1, 2, 3]), to: path, gzip: false)
        let error = failure { _ = try IDXImages(contentsOfFile: path) }
        #expect(error == .idxTooLarge(file: path, promised: 60_000_000_000, limit: IDXFile.maximumPayload))
        #expect(error?.description == "\(path): IDX header promises 60000000000 bytes, over the limit of 1073741824; refusing to read it")
    }

    /// A raw file is checked against its length before its payload is read.
    @Test func refusesARawIDXShorterThanItsHeaderSays() throws {
        let path = try Fixtures.temporaryFolder() + "/short-idx1-ubyte"
        Fixtures.write(Fixtures.idx(magic: 0x801, sizes: [500_000_000], bytes: [1, 2, 3]), to: path, gzip: false)
        #expect(failure { _ = try IDXLabels(contentsOfFile: path) } == .idxWrongLength(file: path, expected: 500_000_008, found: 11))
    }

    /// A gzip bomb: 8 MiB of zeros gzipped to about 8 KiB, whose header promises 900 MB, under the
    /// payload limit but far beyond what deflate can expand 8 KiB to.
    @Test func refusesAGzipIDXThatPromisesMoreThanItsBytesCanExpandTo() throws {
        let path = try Fixtures.temporaryFolder() + "/bomb-idx3-ubyte.gz"
        Fixtures.write(Fixtures.idx(magic: 0x803, sizes: [900, 1000, 1000], bytes: [UInt8](repeating: 0, count: 8 << 20)),
                       to: path, gzip: true)
        let compressed = Int(try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber).intValue)
        let error = failure { _ = try IDXImages(contentsOfFile: path) }
        #expect(error == .idxImpossibleLength(file: path, promised: 900_000_016, compressedBytes: compressed))
        #expect(error?.description.hasSuffix("can expand to (1032-fold at most); the file is damaged") == true)
    }

    @Test func reportsTrailingBytesAfterTheGzipPayload() throws {
        let path = try Fixtures.temporaryFolder() + "/long-idx1-ubyte.gz"
        Fixtures.write(Fixtures.idx(magic: 0x801, sizes: [2], bytes: [1, 2, 3, 4, 5]), to: path, gzip: true)
        #expect(failure { _ = try IDXLabels(contentsOfFile: path) } == .idxWrongLength(file: path, expected: 10, found: 13))
    }
}
