import CZlib
import Foundation
import ImageIO

/// Small datasets written by the tests themselves.
enum Fixtures {
    /// A fresh empty folder under the system temporary folder.
    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("DatasetsTests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `contents` to `root/relative`, creating folders on the way.
    static func write(_ contents: Data, to relative: String, in root: String) throws {
        let path = (root as NSString).appendingPathComponent(relative)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try contents.write(to: URL(fileURLWithPath: path))
    }

    /// Empty files with image names: enough for listing and splitting, which decode nothing.
    static func emptyFiles(_ relatives: [String], in root: String) throws {
        for relative in relatives { try write(Data(), to: relative, in: root) }
    }

    /// A small picture, different for every `number` and not mirror-symmetric (a horizontal ramp),
    /// so flips show.
    static func picture(_ number: Int, width: Int = 12, height: Int = 9) -> Image {
        var image = Image(width: width, height: height, red: 0, green: 0, blue: 0)
        for c in 0..<3 {
            for y in 0..<height {
                for x in 0..<width {
                    image[c, y, x] = Float(x) / Float(width) * 0.6 + Float(c) * 0.1 + Float(number % 10) * 0.03
                        + Float(y) / Float(height) * 0.05
                }
            }
        }
        return image
    }

    /// Real images at `relatives` (`.png` or `.jpg` by the name), numbered in the given order.
    static func pictures(_ relatives: [String], in root: String) throws {
        for (number, relative) in relatives.enumerated() {
            let path = (root as NSString).appendingPathComponent(relative)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            let image = picture(number, width: number % 2 == 0 ? 12 : 9, height: number % 2 == 0 ? 9 : 12)
            if relative.hasSuffix(".png") {
                try image.writePNG(to: path)
            } else {
                try image.writeJPEG(to: path, quality: 95)
            }
        }
    }

    /// A JPEG cut in half: libjpeg runs out of data.
    static func truncatedJPEG(to relative: String, in root: String) throws {
        let path = (root as NSString).appendingPathComponent(relative)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try picture(0, width: 32, height: 32).writeJPEG(to: path)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: path))
    }

    /// An IDX file (magic, big-endian sizes, bytes), gzip-compressed or raw.
    static func idx(magic: UInt32, sizes: [Int], bytes: [UInt8], to path: String, gzip: Bool) {
        let contents = bigEndian(magic) + sizes.flatMap { bigEndian(UInt32($0)) } + bytes
        if gzip {
            let file = gzopen(path, "wb")!
            precondition(gzwrite(file, contents, UInt32(contents.count)) == Int32(contents.count))
            precondition(gzclose(file) == Z_OK)
        } else {
            precondition(FileManager.default.createFile(atPath: path, contents: Data(contents)))
        }
    }

    /// `count` grey `size` x `size` IDX images (image i's pixel j is (i * 7 + j * 3) % 256) and
    /// their labels, as `<prefix>-images-idx3-ubyte` and `<prefix>-labels-idx1-ubyte`.
    static func idxPair(prefix: String, labels: [UInt8], size: Int, in folder: String, gzip: Bool) {
        let suffix = gzip ? ".gz" : ""
        let pixels = (0..<labels.count * size * size).map { UInt8((($0 / (size * size)) * 7 + ($0 % (size * size)) * 3) % 256) }
        idx(magic: 0x803, sizes: [labels.count, size, size], bytes: pixels,
            to: folder + "/\(prefix)-images-idx3-ubyte" + suffix, gzip: gzip)
        idx(magic: 0x801, sizes: [labels.count], bytes: labels, to: folder + "/\(prefix)-labels-idx1-ubyte" + suffix, gzip: gzip)
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// The error `body` throws, if any.
    static func failure<E: Error>(_ type: E.Type, _ body: () throws -> Void) -> E? {
        do { try body() } catch let error as E { return error } catch { return nil }
        return nil
    }
}
