import Foundation
import ImageFiles
import Testing

@Suite struct ImagePairingTests {
    @Test func foldersPairByRelativePath() throws {
        let a = try ImageFolderTests.tree(["x.png", "sub/y.jpg", "only-a.png", "notes.txt"])
        let b = try ImageFolderTests.tree(["sub/y.jpg", "x.png", "sub/only-b.jpeg", "X.PNG"])
        defer { for root in [a, b] { try? FileManager.default.removeItem(atPath: root) } }
        let pairing = try ImagePairing(first: a, second: b)
        #expect(pairing.comparesFolders)
        #expect(pairing.pairs == [ImagePairing.Pair(name: "sub/y.jpg", first: a + "/sub/y.jpg", second: b + "/sub/y.jpg"),
                                  ImagePairing.Pair(name: "x.png", first: a + "/x.png", second: b + "/x.png")])
        #expect(pairing.onlyInFirst == ["only-a.png"])
        #expect(pairing.onlyInSecond == ["X.PNG", "sub/only-b.jpeg"])
    }

    @Test func twoFilesMakeOnePair() throws {
        let root = try ImageFolderTests.tree(["a.png", "b.jpg"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let pairing = try ImagePairing(first: root + "/a.png", second: root + "/b.jpg")
        #expect(!pairing.comparesFolders)
        #expect(pairing.pairs == [ImagePairing.Pair(name: "a.png", first: root + "/a.png", second: root + "/b.jpg")])
        #expect(pairing.onlyInFirst.isEmpty && pairing.onlyInSecond.isEmpty)
    }

    @Test func badInputsNameThePath() throws {
        let a = try ImageFolderTests.tree(["a.png"]), b = try ImageFolderTests.tree(["b.png"])
        let empty = try Fixtures.temporaryFolder()
        defer { for root in [a, b, empty] { try? FileManager.default.removeItem(atPath: root) } }
        #expect(throws: ImageFilesError.missingFile(a + "/nope.png")) { try ImagePairing(first: a + "/nope.png", second: a + "/a.png") }
        #expect(throws: ImageFilesError.missingFile(b + "/gone")) { try ImagePairing(first: a, second: b + "/gone") }
        #expect(throws: ImageFilesError.fileAndFolder(file: a + "/a.png", folder: b)) { try ImagePairing(first: a + "/a.png", second: b) }
        #expect(throws: ImageFilesError.fileAndFolder(file: b + "/b.png", folder: a)) { try ImagePairing(first: a, second: b + "/b.png") }
        #expect(throws: ImageFilesError.noImages(folder: empty)) { try ImagePairing(first: a, second: empty) }
        let noCommon = ImageFilesError.noCommonImages(first: a, second: b)
        #expect(throws: noCommon) { try ImagePairing(first: a, second: b) }
        #expect(noCommon.description == "\(a) and \(b) have no image path in common")
        #expect(ImageFilesError.sizeMismatch(first: "a.png", firstSize: [64, 48], second: "b.png", secondSize: [32, 32]).description
                == "a.png is 64x48 but b.png is 32x32; resize both to one size (vae-cli: --resize N) to compare them")
    }

    @Test func imagesAreCheckedForSizeOrResized() throws {
        let root = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Image(width: 5, height: 4, red: 1, green: 0, blue: 0).writePNG(to: root + "/a.png")
        try Image(width: 3, height: 4, red: 0, green: 1, blue: 0).writePNG(to: root + "/b.png")
        let pair = ImagePairing.Pair(name: "a.png", first: root + "/a.png", second: root + "/b.png")
        #expect(throws: ImageFilesError.sizeMismatch(first: root + "/a.png", firstSize: [5, 4],
                                                  second: root + "/b.png", secondSize: [3, 4])) {
            try pair.images()
        }
        let (a, b) = try pair.images(resizedTo: 6)
        #expect(a == Image(width: 6, height: 6, red: 1, green: 0, blue: 0))
        #expect(b == Image(width: 6, height: 6, red: 0, green: 1, blue: 0))
        let same = try ImagePairing.Pair(name: "a.png", first: root + "/a.png", second: root + "/a.png").images()
        #expect(same.first.width == 5 && same.first == same.second)
    }
}
