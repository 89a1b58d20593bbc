import Datasets
import Foundation
import ImageFiles
import NN
import Testing
import VAE

/// Images named on the command line: data sources, image files, and what goes wrong with them.
@Suite struct InputImagesTests {
    /// A folder of 40x50 PNGs whose red level tells them apart, written by the test.
    static func folder(_ names: [String], in root: URL) throws {
        for (i, name) in names.enumerated() {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Image(width: 40, height: 50, red: Float(i + 1) / 10, green: 0.5, blue: 0).writePNG(to: url.path)
        }
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("input-images-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The first `count` of a flat folder, in path order, resized and cropped to the square.
    @Test func takesTheFirstImagesOfAFolder() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.folder(["a.png", "b.png", "c.png"], in: root)
        let inputs = try InputImages(paths: [root.path], count: 2, imageSize: 32)
        #expect(inputs.images.shape == [2, 3, 32, 32])
        #expect(inputs.names.map { ($0 as NSString).lastPathComponent } == ["a.png", "b.png"])
        #expect(abs(inputs.images[flat: 0] - 0.1) < 0.01 && abs(inputs.images[flat: 3 * 32 * 32] - 0.2) < 0.01)
        #expect(try InputImages(paths: [root.path], count: 10, imageSize: 32).count == 3)
    }

    /// Without a split, a source's own test split is taken (images a model was not trained on).
    @Test func prefersTheSourcesOwnTestSplit() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.folder(["train/x/1.png", "train/x/2.png", "test/x/3.png"], in: root)
        let inputs = try InputImages(paths: [root.path], count: 5, imageSize: 32)
        #expect(inputs.names.map { ($0 as NSString).lastPathComponent } == ["3.png"])
        let train = try InputImages(paths: [root.path], count: 5, imageSize: 32, split: .train)
        #expect(train.names.map { ($0 as NSString).lastPathComponent } == ["1.png", "2.png"])
    }

    /// An unreadable file in a folder is passed over and reported; the next image takes its place.
    @Test func skipsUnreadableFilesOfAFolder() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.folder(["a.png", "c.png"], in: root)
        try Data("not a picture".utf8).write(to: root.appendingPathComponent("b.png"))
        let inputs = try InputImages(paths: [root.path], count: 2, imageSize: 32)
        #expect(inputs.names.map { ($0 as NSString).lastPathComponent } == ["a.png", "c.png"])
        #expect(inputs.skipped.map { ($0.file as NSString).lastPathComponent } == ["b.png"])
    }

    /// Image files are taken as given, in order; a bad one is an error naming it.
    @Test func imageFilesAndTheirErrors() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.folder(["a.png", "b.png"], in: root)
        let a = root.appendingPathComponent("a.png").path, b = root.appendingPathComponent("b.png").path
        let inputs = try InputImages(paths: [b, a], count: 16, imageSize: 32)
        #expect(inputs.names == [b, a])
        #expect(inputs.images.slice(0) == (try InputImages.load(file: b, imageSize: 32)))

        let missing = root.appendingPathComponent("missing.png").path
        #expect(throws: ImageFilesError.missingFile(missing)) { try InputImages(paths: [a, missing], count: 2, imageSize: 32) }
        let text = root.appendingPathComponent("notes.txt")
        try Data("hello".utf8).write(to: text)
        #expect(throws: ImageFilesError.notAnImage(file: text.path, header: "68 65 6c 6c 6f")) {
            try InputImages(paths: [a, text.path], count: 2, imageSize: 32)
        }
        #expect(throws: DatasetError.notFound(missing.replacingOccurrences(of: ".png", with: ""))) {
            try InputImages(paths: [missing.replacingOccurrences(of: ".png", with: "")], count: 2, imageSize: 32)
        }
    }

    /// A folder whose chosen images all fail says so rather than returning nothing.
    @Test func aFolderOfUnreadableImagesIsAnError() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("x".utf8).write(to: root.appendingPathComponent("a.png"))
        #expect(throws: DatasetError.noReadableImages(split: "whole", folder: root.path, skipped: 1)) {
            try InputImages(paths: [root.path], count: 2, imageSize: 32)
        }
    }
}
