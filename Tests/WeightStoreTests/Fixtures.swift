import CZlib
import Foundation
import WeightStore

/// Archives, folders and descriptors made by the tests themselves.
enum Fixtures {
    /// A fresh empty folder under the system temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("WeightStoreTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func contents(of folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    /// Deterministic filler bytes.
    static func bytes(_ count: Int, seed: UInt32 = 1) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }

    struct TarEntry {
        var name: String
        var data: [UInt8] = []
        var type = UInt8(ascii: "0")
        var prefix = ""
        /// A link's target (the header's `linkname`).
        var linkTarget = ""
        /// The size the header states, when it is not the data's (a lie, for the limits' tests).
        var statedSize: Int?
    }

    /// A ustar archive written by hand: a 512-byte header per entry, data padded to 512 bytes,
    /// two zero blocks at the end.
    static func tar(_ entries: [TarEntry]) -> [UInt8] {
        var archive = [UInt8]()
        for entry in entries {
            archive += tarHeader(name: entry.name, prefix: entry.prefix, size: entry.statedSize ?? entry.data.count,
                                 type: entry.type, linkTarget: entry.linkTarget)
            archive += entry.data + [UInt8](repeating: 0, count: (512 - entry.data.count % 512) % 512)
        }
        return archive + [UInt8](repeating: 0, count: 1024)
    }

    static func tarHeader(name: String, prefix: String = "", size: Int, type: UInt8, linkTarget: String = "") -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int) {
            for (index, byte) in text.utf8.enumerated() { header[offset + index] = byte }
        }
        func octal(_ value: Int, width: Int) -> String {
            let digits = String(value, radix: 8)
            return String(repeating: "0", count: width - 1 - digits.count) + digits
        }
        put(name, at: 0)
        put(octal(0o644, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(0, width: 12), at: 136)
        header[156] = type
        put(linkTarget, at: 157)
        put("ustar", at: 257)
        put("00", at: 263)
        put(prefix, at: 345)
        put("        ", at: 148)
        let sum = header.reduce(0) { $0 + Int($1) }
        put(octal(sum, width: 7), at: 148)
        return header
    }

    /// A gzip stream of `bytes`, through zlib's gzwrite.
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let path = try temporaryFolder().appendingPathComponent("data.gz").path
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let file = gzopen(path, "wb")!
        precondition(gzwrite(file, bytes, UInt32(bytes.count)) == Int32(bytes.count))
        precondition(gzclose(file) == Z_OK)
        return [UInt8](FileManager.default.contents(atPath: path)!)
    }

    static func write(_ bytes: [UInt8], to url: URL) throws {
        try Data(bytes).write(to: url)
    }

    static let caffeInput = InputConvention(channelOrder: .bgr, pixelScale: 255, mean: [104, 117, 123],
                                            standardDeviation: [1, 1, 1], inputSize: 227)

    /// A set downloaded as one file.
    static func plainSet(name: String = "tiny", url: URL, checksum: DownloadChecksum, minimumBytes: Int64 = 1) -> WeightSetDescriptor {
        WeightSetDescriptor(
            name: name, summary: "a test set", format: .caffemodel,
            origin: .download(WeightDownload(url: url, packaging: .file, checksum: checksum)),
            files: [WeightFile(name: "\(name).caffemodel", role: .weights, minimumBytes: minimumBytes)],
            layers: ["conv1"], inputConvention: caffeInput)
    }

    /// A set taken from a .tar.gz: weights, deploy prototxt and mean image.
    static func archiveSet(name: String = "packed", url: URL, checksum: DownloadChecksum) -> WeightSetDescriptor {
        WeightSetDescriptor(
            name: name, summary: "a packed test set", format: .caffemodel,
            origin: .download(WeightDownload(url: url, packaging: .tarGzip, checksum: checksum)),
            files: [
                WeightFile(name: "net.caffemodel", role: .weights),
                WeightFile(name: "deploy.prototxt", role: .modelDefinition),
                WeightFile(name: "mean.binaryproto", role: .meanImage),
            ],
            layers: ["conv1"], inputConvention: caffeInput)
    }
}
