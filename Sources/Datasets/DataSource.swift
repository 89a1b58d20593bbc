import Foundation
import ImageFiles

/// Where a dataset's images come from, resolved from one path: a folder of PNG/JPEG images (class
/// sub-folders and `train`/`validation`/`test` split folders allowed), a folder holding IDX files
/// under the MNIST names (`train-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, each raw or `.gz`),
/// or a single IDX images file (with its labels file beside it when there is one).
///
/// Nothing is decoded here except IDX files, which are small enough to hold in memory.
public struct DataSource: Sendable {
    public enum Kind: Sendable, Equatable { case imageFolder, idx }

    /// Where Debian's `dataset-fashion-mnist` package installs the original IDX files.
    public static let fashionMNISTPath = "/usr/share/datasets/fashion-mnist"
    public static let fashionMNISTClassNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    public let path: String
    public let kind: Kind
    /// Class names, indexed by `Example.label`; empty when nothing is labelled.
    public let classNames: [String]
    /// Examples the source places in a split itself: its split folders, or the IDX train and
    /// t10k files.
    public let presplit: [SplitName: [Example]]
    /// The folder or file each presplit part comes from, for messages.
    public let origins: [SplitName: String]
    /// Examples with no split of their own: a flat folder or a single IDX file.
    public let unsplit: [Example]
    /// Files found where images are looked for that are not images by their extension.
    public let skippedFiles: [SkippedFile]

    public init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw (path as NSString).standardizingPath == Self.fashionMNISTPath
                ? DatasetError.fashionMNISTMissing(path) : DatasetError.notFound(path)
        }
        self.path = path
        // The official training and test files, as (Fashion-)MNIST ships them.
        let officialFiles = isDirectory.boolValue
            ? [(SplitName.train, "train"), (.test, "t10k")].compactMap { split, prefix in
                Self.idxFile(in: path, "\(prefix)-images-idx3-ubyte").map {
                    (split: split, images: $0, labels: Self.idxFile(in: path, "\(prefix)-labels-idx1-ubyte"))
                }
            }
            : []
        if !isDirectory.boolValue {
            let dataset = try Self.readIDX(images: path, labels: Self.labelsFile(besideImages: path))
            kind = .idx
            classNames = Self.idxClassNames(path: path, labels: dataset.labels)
            presplit = [:]
            origins = [:]
            unsplit = dataset.examples
            skippedFiles = []
        } else if !officialFiles.isEmpty {
            var parts: [SplitName: [Example]] = [:], origins: [SplitName: String] = [:], labels: [Int] = []
            for file in officialFiles {
                let dataset = try Self.readIDX(images: file.images, labels: file.labels)
                parts[file.split] = dataset.examples
                origins[file.split] = file.images
                labels += dataset.labels
            }
            kind = .idx
            classNames = Self.idxClassNames(path: path, labels: labels)
            presplit = parts
            self.origins = origins
            unsplit = []
            skippedFiles = []
        } else {
            let folder = try ImageFolder(root: path)
            func examples(_ entries: [ImageFolder.Entry]) -> [Example] {
                entries.map { Example(source: .file($0.path), label: $0.label) }
            }
            kind = .imageFolder
            classNames = folder.classNames
            var parts: [SplitName: [Example]] = [:], origins: [SplitName: String] = [:]
            for name in folder.splits {
                let split = SplitName(rawValue: name)!
                parts[split] = examples(folder.entries(inSplit: name))
                origins[split] = (path as NSString).appendingPathComponent(name)
            }
            presplit = parts
            self.origins = origins
            unsplit = folder.splits.isEmpty ? examples(folder.entries) : []
            skippedFiles = folder.skippedFiles.map {
                SkippedFile(file: (path as NSString).appendingPathComponent($0), reason: "not a .png, .jpg or .jpeg file")
            }
        }
    }

    /// Every example, presplit parts first (train, validation, test), then the unsplit ones.
    public var allExamples: [Example] {
        SplitName.allCases.flatMap { presplit[$0] ?? [] } + unsplit
    }

    /// One line for the user: what was found and how it is laid out.
    public var summary: String {
        let total = allExamples.count
        let kindName = kind == .idx ? "IDX files" : "image folder"
        let classes = classNames.isEmpty ? "no classes" : "\(classNames.count) classes"
        let layout = presplit.isEmpty ? "no split of its own"
            : "own splits: " + presplit.keys.sorted().map { "\($0.rawValue) \(presplit[$0]!.count)" }.joined(separator: ", ")
        let skipped = skippedFiles.isEmpty ? "" : ", \(skippedFiles.count) non-image files skipped"
        return "\(path): \(kindName), \(total) images, \(classes), \(layout)\(skipped)"
    }

    // MARK: IDX files

    /// `name` or `name.gz` inside `folder`, whichever exists (raw first).
    /// Whether `path` would be read as an image folder (a folder without Fashion-MNIST's official
    /// IDX files), without reading it: for defaults that differ between photos and IDX data.
    public static func isImageFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return false }
        return idxFile(in: path, "train-images-idx3-ubyte") == nil && idxFile(in: path, "t10k-images-idx3-ubyte") == nil
    }

    private static func idxFile(in folder: String, _ name: String) -> String? {
        let base = (folder as NSString).appendingPathComponent(name)
        return [base, base + ".gz"].first { FileManager.default.fileExists(atPath: $0) }
    }

    /// `x-images-idx3-ubyte(.gz)` -> `x-labels-idx1-ubyte(.gz)` in the same folder, if it exists.
    private static func labelsFile(besideImages path: String) -> String? {
        let name = (path as NSString).lastPathComponent
        guard name.contains("images-idx3") else { return nil }
        let labels = ((path as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent(name.replacingOccurrences(of: "images-idx3", with: "labels-idx1"))
        return FileManager.default.fileExists(atPath: labels) ? labels : nil
    }

    private static func readIDX(images: String, labels: String?) throws -> (examples: [Example], labels: [Int]) {
        let pixels: IDXImages, labelValues: [Int]?
        if let labels {
            let dataset = try IDXDataset(imagesFile: images, labelsFile: labels)
            (pixels, labelValues) = (dataset.images, dataset.labels.labels)
        } else {
            (pixels, labelValues) = (try IDXImages(contentsOfFile: images), nil)
        }
        let examples = (0..<pixels.count).map {
            Example(source: .idx(pixels, index: $0, file: images), label: labelValues?[$0])
        }
        return (examples, labelValues ?? [])
    }

    /// Fashion-MNIST's names for up to ten classes, unless the path says plain MNIST (digits).
    /// Unlabelled files have no classes.
    private static func idxClassNames(path: String, labels: [Int]) -> [String] {
        guard let largest = labels.max() else { return [] }
        let lowered = path.lowercased()
        let digits = lowered.contains("mnist") && !lowered.contains("fashion")
        if largest < fashionMNISTClassNames.count && !digits { return fashionMNISTClassNames }
        return (0...max(largest, 9)).map(String.init)
    }
}
