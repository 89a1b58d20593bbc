import Foundation
import ImageFiles
import Testing

@Suite struct ImageFolderTests {
    /// Creates empty files (the lister must not decode them) below a fresh root.
    static func tree(_ files: [String]) throws -> String {
        let root = try Fixtures.temporaryFolder()
        for file in files {
            let path = root + "/" + file
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: path, contents: Data("not decoded".utf8)))
        }
        return root
    }

    @Test func flatLayoutLabelsByFirstFolder() throws {
        let root = try Self.tree(["dog/c.jpeg", "cat/sub/b.JPG", "cat/a.png", "top.png", "notes.txt",
                                  ".hidden/x.png", "cat/._d.jpg", "bird/readme.md", "cat/folder.png/e.Png"])
        let folder = try ImageFolder(root: root)
        #expect(folder.splits.isEmpty)
        #expect(folder.classNames == ["cat", "dog"])
        #expect(folder.entries.map(\.relativePath) == ["cat/a.png", "cat/folder.png/e.Png", "cat/sub/b.JPG", "dog/c.jpeg", "top.png"])
        #expect(folder.entries.map(\.label) == [0, 0, 0, 1, nil])
        #expect(folder.entries[3].path == root + "/dog/c.jpeg")
        #expect(folder.entries.allSatisfy { $0.split == nil })
        #expect(folder.skippedFiles == ["bird/readme.md", "notes.txt"])
    }

    @Test func splitLayoutSharesClassesAcrossSplits() throws {
        let root = try Self.tree(["train/cat/1.png", "train/dog/2.png", "test/dog/3.png", "test/bird/4.jpg",
                                  "validation/cat/5.jpeg", "extra/cat/6.png",
                                  "train/cat/notes.txt", "LICENSE"])
        let folder = try ImageFolder(root: root)
        #expect(folder.splits == ["train", "validation", "test"])
        #expect(folder.classNames == ["bird", "cat", "dog"])
        #expect(folder.entries(inSplit: "train").map(\.label) == [1, 2])
        #expect(folder.entries(inSplit: "test").map(\.className) == ["bird", "dog"])
        #expect(folder.entries(inSplit: "validation").map(\.relativePath) == ["validation/cat/5.jpeg"])
        // With split folders present, files outside them are not part of the dataset.
        #expect(!folder.entries.contains { $0.relativePath.hasPrefix("extra/") })
        #expect(folder.entries.count == 5)
        // Only files where images are looked for are reported: the root's LICENSE is not.
        #expect(folder.skippedFiles == ["train/cat/notes.txt"])
    }

    @Test func missingEmptyAndNonFolderRoots() throws {
        let root = try Self.tree(["a.txt"])
        func failure(_ path: String) -> ImageFilesError? {
            do { _ = try ImageFolder(root: path) } catch let error as ImageFilesError { return error } catch { return nil }
            return nil
        }
        #expect(failure(root + "/absent") == .missingFile(root + "/absent"))
        #expect(failure(root + "/a.txt") == .notAFolder(root + "/a.txt"))
        #expect(failure(root) == .noImages(folder: root))
    }
}
