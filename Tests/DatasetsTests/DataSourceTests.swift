import Datasets
import Foundation
import ImageFiles
import Testing

@Suite struct DataSourceTests {
    @Test func imageFolderWithSplitsClassesAndNonImages() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.emptyFiles(["train/cat/1.png", "train/dog/2.jpg", "train/dog/3.JPEG", "test/cat/4.png",
                                 "validation/dog/5.png", "LICENSE"], in: root)
        try Fixtures.write(Data("hello".utf8), to: "train/cat/notes.txt", in: root)
        let source = try DataSource(path: root)
        #expect(source.kind == .imageFolder)
        #expect(source.classNames == ["cat", "dog"])
        #expect(source.unsplit.isEmpty)
        #expect(source.presplit[.train]?.map(\.name) == ["cat/1.png", "dog/2.jpg", "dog/3.JPEG"].map { root + "/train/" + $0 })
        #expect(source.presplit[.train]?.map(\.label) == [0, 1, 1])
        #expect(source.presplit[.test]?.map(\.label) == [0])
        #expect(source.origins[.validation] == root + "/validation")
        #expect(source.skippedFiles == [SkippedFile(file: root + "/train/cat/notes.txt", reason: "not a .png, .jpg or .jpeg file")])
        #expect(source.summary == "\(root): image folder, 5 images, 2 classes, own splits: train 3, validation 1, test 1, 1 non-image files skipped")
    }

    @Test func flatFolderIsUnsplit() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.emptyFiles(["striped-dress/a.png", "striped-dress/b.png", "plain-shirt/c.jpg", "loose.png"], in: root)
        let source = try DataSource(path: root)
        // Class names are the folder names as they are: combined labels need nothing extra.
        #expect(source.classNames == ["plain-shirt", "striped-dress"])
        #expect(source.presplit.isEmpty)
        #expect(source.unsplit.map(\.label) == [nil, 0, 1, 1])
    }

    @Test(arguments: [false, true]) func idxFolderWithOfficialFiles(gzip: Bool) throws {
        let folder = try Fixtures.temporaryFolder()
        Fixtures.idxPair(prefix: "train", labels: [0, 1, 2, 9, 4], size: 3, in: folder, gzip: gzip)
        Fixtures.idxPair(prefix: "t10k", labels: [5, 6], size: 3, in: folder, gzip: gzip)
        let source = try DataSource(path: folder)
        #expect(source.kind == .idx)
        #expect(source.classNames == DataSource.fashionMNISTClassNames)
        #expect(source.presplit[.train]?.map(\.label) == [0, 1, 2, 9, 4])
        #expect(source.presplit[.test]?.map(\.label) == [5, 6])
        let suffix = gzip ? ".gz" : ""
        #expect(source.origins[.test] == folder + "/t10k-images-idx3-ubyte" + suffix)
        let example = try #require(source.presplit[.test]?[1])
        #expect(example.name == folder + "/t10k-images-idx3-ubyte\(suffix)[1]")
        // Image 1, pixel j: (7 + 3j) % 256, grey in three equal channels.
        let image = try example.loadImage()
        #expect((image.width, image.height) == (3, 3))
        #expect(image[0, 0, 0] == Float(7) / 255 && image[2, 2, 2] == Float(7 + 3 * 8) / 255 && image[1, 1, 1] == image[0, 1, 1])
    }

    @Test func singleIDXFileWithAndWithoutLabels() throws {
        let folder = try Fixtures.temporaryFolder()
        Fixtures.idxPair(prefix: "mnist-train", labels: [3, 1, 3], size: 2, in: folder, gzip: true)
        let labelled = try DataSource(path: folder + "/mnist-train-images-idx3-ubyte.gz")
        #expect(labelled.kind == .idx && labelled.presplit.isEmpty)
        #expect(labelled.unsplit.map(\.label) == [3, 1, 3])
        // "mnist" without "fashion" in the path: digits.
        #expect(labelled.classNames == (0...9).map(String.init))

        try FileManager.default.removeItem(atPath: folder + "/mnist-train-labels-idx1-ubyte.gz")
        let unlabelled = try DataSource(path: folder + "/mnist-train-images-idx3-ubyte.gz")
        #expect(unlabelled.unsplit.count == 3 && unlabelled.unsplit.allSatisfy { $0.label == nil })
        #expect(unlabelled.classNames.isEmpty)
    }

    @Test func missingEmptyAndWrongPaths() throws {
        let root = try Fixtures.temporaryFolder()
        #expect(Fixtures.failure(DatasetError.self) { _ = try DataSource(path: root + "/absent") } == .notFound(root + "/absent"))
        // Fashion-MNIST's own path, when absent, is reported with the package to install.
        #expect(DatasetError.fashionMNISTMissing(DataSource.fashionMNISTPath).description
                .contains("apt-get install dataset-fashion-mnist"))
        // A folder with nothing but non-images is an error, not an empty dataset.
        try Fixtures.write(Data("x".utf8), to: "readme.txt", in: root)
        #expect(Fixtures.failure(ImageFilesError.self) { _ = try DataSource(path: root) } == .noImages(folder: root))
        // A file that is not IDX.
        #expect(Fixtures.failure(ImageFilesError.self) { _ = try DataSource(path: root + "/readme.txt") } != nil)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: DataSource.fashionMNISTPath),
                   "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)"))
    func realFashionMNIST() throws {
        let source = try DataSource(path: DataSource.fashionMNISTPath)
        #expect(source.kind == .idx)
        #expect(source.classNames == DataSource.fashionMNISTClassNames)
        #expect(source.presplit[.train]?.count == 60_000 && source.presplit[.test]?.count == 10_000)
        let splits = try DatasetSplits(source: source, seed: 3)
        #expect(splits.test.count == 10_000 && splits.test.classCounts == [Int](repeating: 1_000, count: 10))
        // Validation: 0.1 / 0.9 of the 60,000 training images, 6,000 per class before the split.
        #expect(splits.validation.count == 6_667 && splits.train.count == 53_333)
        #expect(splits.validation.classCounts.allSatisfy { abs($0 - 667) <= 2 })
        let image = try splits.test.examples[0].loadImage()
        #expect((image.width, image.height) == (28, 28))
    }
}
