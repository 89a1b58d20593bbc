import Foundation
import Testing
@testable import WeightStore

/// Archives made to harm the machine that unpacks them: links out of the folder, members whose
/// size is a lie, gzip bombs. Each is refused with one line, before anything is written for it.
@Suite final class ArchiveLimitsTests {
    let folder: URL
    let output: URL

    init() throws {
        folder = try Fixtures.temporaryFolder()
        output = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func extract(_ tar: [UInt8], names: [String] = ["weights.caffemodel"]) throws -> [TarExtractor.ExtractedFile] {
        let url = folder.appendingPathComponent("archive.tar.gz")
        try Fixtures.write(try Fixtures.gzip(tar), to: url)
        return try TarExtractor.extract(archive: url.path, archiveName: "a.tar.gz", names: names, into: output.path)
    }

    /// The classic escape: a link to somewhere outside, then a file written "through" it.
    /// Type '2' is a symbolic link, '1' a hard link.
    @Test(arguments: [(UInt8(ascii: "2"), "/etc"), (UInt8(ascii: "2"), "../.."), (UInt8(ascii: "1"), "/etc/passwd"),
                      (UInt8(ascii: "2"), "model/../../x")])
    func refusesLinksOutOfTheFolder(type: UInt8, target: String) throws {
        let tar = Fixtures.tar([
            .init(name: "model", type: type, linkTarget: target),
            .init(name: "model/weights.caffemodel", data: Fixtures.bytes(10)),
        ])
        #expect(throws: WeightStoreError.unsafeArchiveLink(file: "a.tar.gz", path: "model", target: target)) {
            try self.extract(tar)
        }
        #expect(Fixtures.contents(of: output).isEmpty)
    }

    /// A link inside the folder is harmless (links are never created): it is skipped.
    @Test func skipsLinksThatStayInside() throws {
        let tar = Fixtures.tar([
            .init(name: "weights.caffemodel", data: Fixtures.bytes(10)),
            .init(name: "copy.caffemodel", type: UInt8(ascii: "2"), linkTarget: "weights.caffemodel"),
        ])
        #expect(try extract(tar).map(\.name) == ["weights.caffemodel"])
        #expect(Fixtures.contents(of: output) == ["weights.caffemodel"])
    }

    /// A GNU long link name ('K') is the link's target, and is checked like any other.
    @Test func refusesALongLinkTargetOutOfTheFolder() throws {
        let target = "../" + String(repeating: "d/", count: 60) + "x"
        let tar = Fixtures.tar([
            .init(name: "././@LongLink", data: Array(target.utf8) + [0], type: UInt8(ascii: "K")),
            .init(name: "link", type: UInt8(ascii: "2"), linkTarget: "truncated"),
        ])
        #expect(throws: WeightStoreError.unsafeArchiveLink(file: "a.tar.gz", path: "link", target: target)) {
            try self.extract(tar)
        }
    }

    @Test func refusesAMemberOverTheSizeLimit() throws {
        let size = Int(TarExtractor.maximumMemberSize) + 1
        let tar = Fixtures.tar([.init(name: "weights.caffemodel", data: Fixtures.bytes(10), statedSize: size)])
        let error = WeightStoreError.archiveMemberTooLarge(file: "a.tar.gz", member: "weights.caffemodel", bytes: Int64(size),
                                                           limit: TarExtractor.maximumMemberSize)
        #expect(throws: error) { try self.extract(tar) }
        #expect(Fixtures.contents(of: output).isEmpty)
        #expect(error.description == "a.tar.gz: archive member \"weights.caffemodel\" claims 2147483648 bytes, "
                + "over the limit of 2147483647; refusing to unpack it")
    }

    /// 16 MiB of zeros gzip to about 16 KiB: a thousandfold expansion, stopped at a hundredfold
    /// (or the 1 MiB any archive may reach), long before the member is written out.
    @Test func refusesAGzipBomb() throws {
        let tar = Fixtures.tar([.init(name: "weights.caffemodel", data: [UInt8](repeating: 0, count: 16 << 20))])
        let url = folder.appendingPathComponent("bomb.tar.gz")
        try Fixtures.write(try Fixtures.gzip(tar), to: url)
        let compressed = Int(try #require(FileSystem.size(of: url.path)))
        #expect(compressed < 64 << 10)
        let limit = max(compressed * GzipFileReader.maximumExpansion, GzipFileReader.expansionAllowance)
        let error = WeightStoreError.decompressionBomb(file: "bomb.tar.gz", compressedBytes: compressed, limit: limit)
        #expect(throws: error) {
            try TarExtractor.extract(archive: url.path, archiveName: "bomb.tar.gz", names: ["weights.caffemodel"], into: self.output.path)
        }
        let written = FileSystem.size(of: output.appendingPathComponent("weights.caffemodel").path) ?? 0
        #expect(written <= Int64(limit))
        #expect(error.description.hasSuffix("(over 100-fold): a decompression bomb; refusing to unpack it"))
    }

    /// Weights hardly compress: a real archive is far from the limit.
    @Test func acceptsAnArchiveOfIncompressibleData() throws {
        let tar = Fixtures.tar([.init(name: "weights.caffemodel", data: Fixtures.bytes(3 << 20))])
        #expect(try extract(tar).map(\.bytes) == [3 << 20])
    }
}
