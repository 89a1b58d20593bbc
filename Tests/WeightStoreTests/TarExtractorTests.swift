import Foundation
import Testing
import WeightStore

@Suite final class TarExtractorTests {
    let folder: URL
    let output: URL

    init() throws {
        folder = try Fixtures.temporaryFolder()
        output = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func archive(_ entries: [Fixtures.TarEntry], gzip: Bool = true) throws -> String {
        let url = folder.appendingPathComponent("archive.tar.gz")
        let tar = Fixtures.tar(entries)
        try Fixtures.write(gzip ? try Fixtures.gzip(tar) : tar, to: url)
        return url.path
    }

    @Test func takesNamedFilesFromAnyFolderAndSkipsTheRest() throws {
        let weights = Fixtures.bytes(1500)
        let path = try archive([
            .init(name: "model/", type: UInt8(ascii: "5")),
            .init(name: "model/readme.txt", data: Array("not kept".utf8)),
            .init(name: "model/net.caffemodel", data: weights),
            // The ustar prefix field holds the folder of a long path.
            .init(name: "deploy.prototxt", data: Array("name: \"net\"".utf8), prefix: "model/deep/er"),
        ])
        let files = try TarExtractor.extract(archive: path, archiveName: "test.tar.gz",
                                             names: ["net.caffemodel", "deploy.prototxt"], into: output.path)
        #expect(files.map(\.name) == ["net.caffemodel", "deploy.prototxt"])
        #expect(files[0].bytes == 1500)
        #expect(files[0].sha256 == SHA256.hex(of: weights))
        #expect(Fixtures.contents(of: output) == ["deploy.prototxt", "net.caffemodel"])
        #expect([UInt8](FileManager.default.contents(atPath: output.appendingPathComponent("net.caffemodel").path)!) == weights)
    }

    @Test func readsGNULongNames() throws {
        let longFolder = String(repeating: "folder/", count: 20)
        let name = Array((longFolder + "net.caffemodel").utf8) + [0]
        let path = try archive([
            .init(name: "././@LongLink", data: name, type: UInt8(ascii: "L")),
            .init(name: "truncated-name", data: [1, 2, 3]),
        ])
        let files = try TarExtractor.extract(archive: path, archiveName: "a", names: ["net.caffemodel"], into: output.path)
        #expect(files.first?.bytes == 3)
    }

    @Test func readsPaxPaths() throws {
        // "<length> path=<value>\n", where the length counts the whole record, its own digits included.
        let body = " path=" + String(repeating: "deep/", count: 30) + "mean.binaryproto\n"
        let record = "\(body.utf8.count + 3)" + body
        #expect(record.utf8.count == body.utf8.count + 3)
        let path = try archive([
            .init(name: "PaxHeaders/mean", data: Array(record.utf8), type: UInt8(ascii: "x")),
            .init(name: "shortened", data: [9, 8, 7, 6]),
        ])
        let files = try TarExtractor.extract(archive: path, archiveName: "a", names: ["mean.binaryproto"], into: output.path)
        #expect(files.first?.bytes == 4)
    }

    @Test(arguments: ["../evil", "model/../../evil", "/etc/evil"])
    func rejectsPathsOutsideTheArchive(memberPath: String) throws {
        let path = try archive([.init(name: memberPath, data: [1, 2, 3])])
        #expect(throws: WeightStoreError.unsafeArchivePath(file: "a.tar.gz", path: memberPath)) {
            try TarExtractor.extract(archive: path, archiveName: "a.tar.gz", names: ["evil"], into: output.path)
        }
        #expect(Fixtures.contents(of: output).isEmpty)
    }

    @Test func reportsAMissingMember() throws {
        let path = try archive([.init(name: "other.bin", data: [1])])
        #expect(throws: WeightStoreError.missingArchiveMember(file: "a.tar.gz", member: "net.caffemodel")) {
            try TarExtractor.extract(archive: path, archiveName: "a.tar.gz", names: ["net.caffemodel"], into: output.path)
        }
    }

    @Test func rejectsDataThatIsNotGzip() throws {
        let path = try archive([.init(name: "net.caffemodel", data: [1])], gzip: false)
        #expect(throws: WeightStoreError.corruptArchive(file: "a", reason: "not gzip data (starts with 6e65)")) {
            try TarExtractor.extract(archive: path, archiveName: "a", names: ["net.caffemodel"], into: output.path)
        }
    }

    @Test func rejectsATruncatedGzipStream() throws {
        let url = folder.appendingPathComponent("cut.tar.gz")
        let full = try Fixtures.gzip(Fixtures.tar([.init(name: "net.caffemodel", data: Fixtures.bytes(5000))]))
        try Fixtures.write(Array(full.prefix(full.count / 2)), to: url)
        #expect(throws: WeightStoreError.corruptArchive(file: "cut", reason: "gzip: unexpected end of file")) {
            try TarExtractor.extract(archive: url.path, archiveName: "cut", names: ["net.caffemodel"], into: output.path)
        }
    }

    @Test func rejectsAHeaderWithABadChecksum() throws {
        var tar = Fixtures.tar([.init(name: "net.caffemodel", data: [1, 2])])
        tar[0] = UInt8(ascii: "m")   // the name changes, the stored checksum does not
        let url = folder.appendingPathComponent("bad.tar.gz")
        try Fixtures.write(try Fixtures.gzip(tar), to: url)
        #expect(throws: WeightStoreError.corruptArchive(
            file: "bad", reason: "tar header checksum does not match (not a tar archive, or damaged)")) {
            try TarExtractor.extract(archive: url.path, archiveName: "bad", names: ["net.caffemodel"], into: output.path)
        }
    }
}
