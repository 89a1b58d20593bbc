import Classifier
import Datasets
import FeatureNetworks
import Foundation
import Testing

@Suite struct ClassificationDatasetTests {
    @Test func combinedLabelsAreClassNamesAsTheyStand() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.patternFolder(root: root, splits: [], perClass: 10, classes: ["striped-dress", "dotted-skirt"], seed: 2)
        let dataset = try ClassificationDataset(path: root)
        #expect(dataset.classNames == ["dotted-skirt", "striped-dress"] && dataset.examples.count == 20)
        #expect(dataset.names.first == "dotted-skirt/0.png" && dataset.names == dataset.names.sorted())
        // No split folders: a seeded stratified split, the same for the same seed.
        let splits = try dataset.splits(seed: 4)
        #expect(splits.carved == [.train, .validation, .test])
        #expect((splits.train.count, splits.validation.count, splits.test.count) == (16, 2, 2))
        #expect(splits.test.classCounts == [1, 1])
        #expect(try dataset.splits(seed: 4).test.examples.map(\.name) == splits.test.examples.map(\.name))
        #expect(dataset.positions(of: splits.test).map { dataset.examples[$0].name } == splits.test.examples.map(\.name))
        // A seeded sample for t-SNE: distinct, ascending (the cache's order), the same for the same seed.
        let sample = dataset.sample(7, seed: 3)
        #expect(sample.count == 7 && sample == sample.sorted() && Set(sample).count == 7 && sample.last! < 20)
        #expect(dataset.sample(7, seed: 3) == sample && dataset.sample(7, seed: 4) != sample)
        #expect(dataset.sample(50, seed: 3) == Array(0..<20))
    }

    @Test func anEmptyClassFolderIsAnError() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.patternFolder(root: root, splits: ["train", "test"], perClass: 2, classes: ["cat", "dog"], seed: 1)
        try FileManager.default.createDirectory(atPath: root + "/test/owl/empty", withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: root + "/test/owl/notes.txt"))
        let error = Fixtures.failure(ClassifierError.self) { _ = try ClassificationDataset(path: root) }
        #expect(error == .emptyClassFolder(root + "/test/owl"))
        #expect(error?.description == "\(root)/test/owl: class folder holds no .png, .jpg or .jpeg image")
    }

    @Test func aTestClassTheTrainingSplitLacksIsAnError() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.patternFolder(root: root, splits: ["train", "validation"], perClass: 2, classes: ["cat", "dog"], seed: 1)
        try Fixtures.patternFolder(root: root, splits: ["test"], perClass: 1, classes: ["cat", "owl"], seed: 2)
        let dataset = try ClassificationDataset(path: root)
        let error = Fixtures.failure(DatasetError.self) { _ = try dataset.splits(seed: 0) }
        #expect(error == .classMissingFromTraining(className: "owl", split: "test", folder: root + "/test"))
        #expect(error?.description == "\(root)/test: the test split has class 'owl', which the training split has no image of")
    }

    @Test func imagesWithoutAClassAndSingleClassesAreErrors() throws {
        let loose = try Fixtures.temporaryFolder()
        try Fixtures.patternFolder(root: loose, splits: [], perClass: 1, classes: ["cat", "dog"], seed: 1)
        try Data(contentsOf: URL(fileURLWithPath: loose + "/cat/0.png")).write(to: URL(fileURLWithPath: loose + "/stray.png"))
        let unlabelled = Fixtures.failure(ClassifierError.self) { _ = try ClassificationDataset(path: loose) }
        #expect(unlabelled == .unlabelledImages(file: loose + "/stray.png", count: 1))

        let single = try Fixtures.temporaryFolder()
        try Fixtures.patternFolder(root: single, splits: [], perClass: 2, classes: ["cat"], seed: 1)
        let one = Fixtures.failure(ClassifierError.self) { _ = try ClassificationDataset(path: single) }
        #expect(one == .tooFewClasses(folder: single, classes: ["cat"]))
        #expect(one?.description == "\(single): classification needs at least two class folders, found cat")

        let missing = Fixtures.failure(DatasetError.self) { _ = try ClassificationDataset(path: single + "/nothing") }
        #expect(missing == .notFound(single + "/nothing"))
    }

    @Test func aSplitLeftEmptyIsAnError() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.patternFolder(root: root, splits: ["train", "test"], perClass: 1, classes: ["cat", "dog"], seed: 1)
        // Two training images cannot spare one for validation.
        let error = Fixtures.failure(DatasetError.self) { _ = try ClassificationDataset(path: root).splits(seed: 0) }
        #expect(error == .emptySplit(split: "validation", folder: root + "/train"))
    }
}

@Suite struct IDXClassificationTests {
    /// Fashion-MNIST's layout (official train and t10k files) is a classification dataset as a
    /// folder is: Fashion-MNIST's class names, the train file split into training and validation,
    /// t10k the test split, grey turned into three equal channels, and a head learns from it.
    @Test func fashionMNISTFilesTrainAHead() throws {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.idxStripes(root: root, perClass: 20, seed: 3)
        let dataset = try ClassificationDataset(path: root)
        #expect(dataset.source.kind == .idx && dataset.classNames.first == "T-shirt/top" && dataset.examples.count == 80)
        #expect(dataset.names.first == "t10k-images-idx3-ubyte[0]")
        let splits = try dataset.splits(seed: 0)
        #expect(splits.test.count == 40 && splits.train.count + splits.validation.count == 40)
        let image = try dataset.examples[0].loadImage()
        #expect(image.width == 28 && image.tensor.scalars[0..<784] == image.tensor.scalars[784..<1568])

        let cacheFolder = try Fixtures.temporaryFolder()
        let options = TransferComparison.Options(
            weightSets: ["imagenet"], layer: "pool5", imageSize: 64, hiddenSizes: [32],
            training: HeadTraining(epochs: 30, batchSize: 8, patience: 10), repeats: 1)
        let outcome = try TransferComparison(dataset: dataset, options: options,
                                             store: FeatureNetworkLoader.store(cacheOverride: cacheFolder),
                                             cache: FeatureCache(folder: URL(fileURLWithPath: cacheFolder))).run()
        #expect(outcome.report.sets[0].accuracy.mean >= 0.9, "\(outcome.report.sets[0].accuracy.formatted())")
    }
}
