import Foundation
import ImageFiles
import Testing

@Suite struct ImageCodecTests {
    /// A 7x5 image whose values are all multiples of 1/255, so an 8-bit PNG keeps them exactly.
    static func pattern(width: Int = 7, height: Int = 5) -> Image {
        var pixels = [Float]()
        for c in 0..<3 { for y in 0..<height { for x in 0..<width { pixels.append(Float((x * 37 + y * 11 + c * 90) % 256) / 255) } } }
        return Image(width: width, height: height, pixels: pixels)
    }

    @Test func pngRoundTripIsExact() throws {
        let folder = try Fixtures.temporaryFolder()
        let path = folder + "/pattern.png"
        let image = Self.pattern()
        try image.writePNG(to: path)
        #expect(try Image(contentsOfFile: path) == image)
        // Atomic write: only the target remains, no temporary file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["pattern.png"])
    }

    @Test func jpegRoundTripIsClose() throws {
        let folder = try Fixtures.temporaryFolder()
        let path = folder + "/smooth.jpg"
        var pixels = [Float]()
        for c in 0..<3 { for y in 0..<16 { for x in 0..<24 { pixels.append(Float(x + y + 8 * c) / 60) } } }
        let image = Image(width: 24, height: 16, pixels: pixels)
        try image.writeJPEG(to: path, quality: 95)
        let decoded = try Image(contentsOfFile: path)
        #expect(decoded.width == 24 && decoded.height == 16)
        let worst = zip(decoded.pixels, image.pixels).map { abs($0 - $1) }.max()!
        #expect(worst < 0.04, "largest JPEG error \(worst)")
        // Lower quality means a smaller file.
        try image.writeJPEG(to: folder + "/small.jpg", quality: 10)
        let sizes = try [path, folder + "/small.jpg"].map { try FileManager.default.attributesOfItem(atPath: $0)[.size] as! Int }
        #expect(sizes[1] < sizes[0])
    }

    @Test func greyPNGBecomesThreeEqualChannels() throws {
        let data = Fixtures.png(width: 3, height: 2, bitDepth: 8, colorType: 0, rows: [[0, 128, 255], [10, 20, 30]])
        let image = try Image(decoding: data)
        let grey: [Float] = [0, 128, 255, 10, 20, 30].map { $0 / 255 }
        #expect(image.pixels == grey + grey + grey)
    }

    @Test func palettePNGWithTransparencyCompositesOnWhite() throws {
        // 2-bit palette: red, green, blue and a fully transparent black.
        let palette: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0]
        let data = Fixtures.png(width: 4, height: 1, bitDepth: 2, colorType: 3,
                                rows: [[0b00_01_10_11]], palette: palette, transparency: [255, 255, 255, 0])
        let image = try Image(decoding: data)
        #expect(image.pixels == [1, 0, 0, 1,  0, 1, 0, 1,  0, 0, 1, 1])
    }

    @Test func greyAlphaPNGDropsAlphaOverWhite() throws {
        // Opaque grey 51 stays 51; a fully transparent pixel becomes white.
        let data = Fixtures.png(width: 2, height: 1, bitDepth: 8, colorType: 4, rows: [[51, 255, 0, 0]])
        let image = try Image(decoding: data)
        #expect(image.pixels == [0.2, 1, 0.2, 1, 0.2, 1])
    }

    @Test func sixteenBitPNGIsReadAsSRGB() throws {
        let values: [UInt16] = [0x0000, 0x8000, 0xFFFF, 0x1234, 0xABCD, 0x4000]
        let row = values.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let data = Fixtures.png(width: 2, height: 1, bitDepth: 16, colorType: 2, rows: [row])
        let image = try Image(decoding: data)
        for x in 0..<2 {
            for c in 0..<3 {
                let expected = Float(values[x * 3 + c]) / 65535
                #expect(abs(image[c, 0, x] - expected) <= 0.5 / 255 + 1e-6, "channel \(c) pixel \(x)")
            }
        }
    }

    @Test func greyJPEGBecomesThreeEqualChannels() throws {
        let image = try Image(decoding: Data(Fixtures.greyJPEG))
        #expect(image.width == 8 && image.height == 2)
        for y in 0..<2 {
            for x in 0..<8 {
                let expected = Float(32 * x + 8 * y) / 255
                #expect(abs(image[0, y, x] - expected) <= 2 / 255, "pixel (\(x), \(y))")
                #expect(image[1, y, x] == image[0, y, x] && image[2, y, x] == image[0, y, x])
            }
        }
    }

    @Test func cmykJPEGIsUnsupported() {
        #expect(failure { _ = try Image(decoding: Data(Fixtures.cmykJPEG), file: "print.jpg") }
                == .unsupported(file: "print.jpg", what: "CMYK JPEG (only greyscale and RGB are decoded)"))
    }

    @Test func formatComesFromMagicBytesNotExtension() throws {
        let folder = try Fixtures.temporaryFolder()
        try Self.pattern().writePNG(to: folder + "/really-a-png.jpg")
        #expect(try Image(contentsOfFile: folder + "/really-a-png.jpg") == Self.pattern())
        try Self.pattern().writeJPEG(to: folder + "/really-a-jpeg.png")
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/really-a-jpeg.png"))
        #expect(ImageFormat(sniffing: data) == .jpeg)
        #expect(try Image(contentsOfFile: folder + "/really-a-jpeg.png").width == 7)
    }

    // MARK: errors

    /// Runs `body`, returning the ImageFilesError it throws (nil if none or another error).
    private func failure(_ body: () throws -> Void) -> ImageFilesError? {
        do { try body() } catch let error as ImageFilesError { return error } catch { return nil }
        return nil
    }

    @Test func missingUnreadableAndNonImageFiles() throws {
        let folder = try Fixtures.temporaryFolder()
        #expect(failure { _ = try Image(contentsOfFile: folder + "/nope.png") } == .missingFile(folder + "/nope.png"))
        guard case .unreadable(folder, let reason)? = failure({ _ = try Image(contentsOfFile: folder) }) else {
            Issue.record("a folder should be unreadable"); return
        }
        #expect(reason == "is a directory")

        _ = FileManager.default.createFile(atPath: folder + "/empty.png", contents: Data())
        #expect(failure { _ = try Image(contentsOfFile: folder + "/empty.png") } == .notAnImage(file: folder + "/empty.png", header: ""))
        _ = FileManager.default.createFile(atPath: folder + "/page.png", contents: Data("<html>hello</html>".utf8))
        let error = failure { _ = try Image(contentsOfFile: folder + "/page.png") }
        #expect(error == .notAnImage(file: folder + "/page.png", header: "3c 68 74 6d 6c 3e 68 65"))
        #expect(error?.description == "\(folder)/page.png: not a PNG or JPEG image (starts with 3c 68 74 6d 6c 3e 68 65)")
    }

    @Test func truncatedAndCorruptPNGs() throws {
        let folder = try Fixtures.temporaryFolder()
        try Self.pattern(width: 40, height: 30).writePNG(to: folder + "/good.png")
        let good = try Data(contentsOf: URL(fileURLWithPath: folder + "/good.png"))

        for cut in [good.count / 2, 20, 9] {
            guard case .corruptPNG("cut.png", let message)? = failure({ _ = try Image(decoding: good.prefix(cut), file: "cut.png") }) else {
                Issue.record("PNG cut to \(cut) bytes should be corrupt"); continue
            }
            #expect(!message.isEmpty)
        }
        // Flip bytes inside the compressed image data: inflate fails.
        var damaged = good
        let idat = damaged.range(of: Data("IDAT".utf8))!.upperBound
        for i in idat + 10..<idat + 20 { damaged[i] ^= 0x5A }
        guard case .corruptPNG("bad.png", let message)? = failure({ _ = try Image(decoding: damaged, file: "bad.png") }) else {
            Issue.record("a PNG with damaged IDAT should be corrupt"); return
        }
        #expect(message.hasPrefix("IDAT"), "libpng said: \(message)")
        #expect(ImageFilesError.corruptPNG(file: "bad.png", message: message).description == "bad.png: corrupt or truncated PNG: \(message)")
        // Damage the header's checksum (the 4 bytes after IHDR's 13 data bytes).
        var badHeader = good
        badHeader[8 + 8 + 13] ^= 0xFF
        guard case .corruptPNG(_, let crcMessage)? = failure({ _ = try Image(decoding: badHeader) }) else {
            Issue.record("a PNG with a bad IHDR CRC should be corrupt"); return
        }
        #expect(crcMessage.contains("CRC"), "libpng said: \(crcMessage)")
    }

    @Test func truncatedAndCorruptJPEGs() throws {
        let folder = try Fixtures.temporaryFolder()
        try Self.pattern(width: 40, height: 30).writeJPEG(to: folder + "/good.jpg")
        let good = try Data(contentsOf: URL(fileURLWithPath: folder + "/good.jpg"))

        guard case .corruptJPEG("cut.jpg", let message)? = failure({ _ = try Image(decoding: good.prefix(good.count * 2 / 3), file: "cut.jpg") }) else {
            Issue.record("a truncated JPEG should be corrupt"); return
        }
        #expect(message == "Premature end of JPEG file")
        #expect(failure { _ = try Image(decoding: good.prefix(3), file: "3.jpg") } != nil)

        // Damage the start-of-frame header: a zero height is rejected by libjpeg.
        var damaged = good
        let sof = (0..<damaged.count - 1).first { damaged[$0] == 0xFF && damaged[$0 + 1] == 0xC0 }!
        damaged[sof + 5] = 0; damaged[sof + 6] = 0
        guard case .corruptJPEG("bad.jpg", let badMessage)? = failure({ _ = try Image(decoding: damaged, file: "bad.jpg") }) else {
            Issue.record("a JPEG with a damaged frame header should be corrupt"); return
        }
        #expect(!badMessage.isEmpty)
    }

    @Test func writingIntoAMissingFolderFailsCleanly() throws {
        let folder = try Fixtures.temporaryFolder()
        let path = folder + "/no/such/folder/x.png"
        guard case .cannotWrite(path, _)? = failure({ try Self.pattern().writePNG(to: path) }) else {
            Issue.record("writing into a missing folder should fail"); return
        }
        guard case .cannotWrite(_, let reason)? = failure({ try Self.pattern().writeJPEG(to: folder + "/no/x.jpg") }) else {
            Issue.record("writing into a missing folder should fail"); return
        }
        #expect(reason == "No such file or directory")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }
}
