import Datasets
import Foundation
import ImageFiles
import NN

/// A labelled image set checked for classification: every image has a class, there are at least
/// two classes, and no class folder is empty (`ImageFolder` would silently drop it, and with it a
/// class the user meant to have).
///
/// Examples are kept sorted by their name relative to the data folder, the order the feature cache
/// stores them in, so a carved split of any seed finds its rows by name.
public struct ClassificationDataset: Sendable {
    public let source: DataSource
    public var classNames: [String] { source.classNames }
    /// Every example of every split, sorted by `names`.
    public let examples: [Example]
    /// Each example's name relative to the data folder (`train/cat/1.png`, `t10k-images-idx3-ubyte[7]`).
    public let names: [String]
    /// The folder relative names start from.
    public let root: String
    /// Position in `examples` by `Example.name`.
    private let positions: [String: Int]

    public init(path: String) throws {
        let source = try DataSource(path: path)
        var isDirectory: ObjCBool = false
        let isFolder = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        var root = isFolder ? path : (path as NSString).deletingLastPathComponent
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }

        if source.kind == .imageFolder {
            let bases = source.presplit.isEmpty ? [path] : source.presplit.keys.sorted().map { source.origins[$0]! }
            for base in bases { try Self.checkClassFolders(in: base) }
        }
        let unlabelled = source.allExamples.filter { $0.label == nil }
        if let first = unlabelled.first {
            throw ClassifierError.unlabelledImages(file: first.name, count: unlabelled.count)
        }
        guard source.classNames.count >= 2 else {
            throw ClassifierError.tooFewClasses(folder: path, classes: source.classNames)
        }

        let prefix = root + "/"
        let named = source.allExamples.map { example -> (String, Example) in
            let name = example.name
            return (name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : name, example)
        }.sorted { $0.0 < $1.0 }
        self.source = source
        self.root = root
        names = named.map(\.0)
        examples = named.map(\.1)
        positions = Dictionary(uniqueKeysWithValues: examples.enumerated().map { ($1.name, $0) })
    }

    /// Positions in `examples` of a split's examples, in the split's order.
    public func positions(of split: DatasetSplit) -> [Int] {
        split.examples.map { example in
            guard let position = positions[example.name] else {
                preconditionFailure("\(example.name) of the \(split.name) split is not an example of \(root)")
            }
            return position
        }
    }

    /// Training, validation and test splits: the folder's own where it has them, else carved by a
    /// stratified split of `seed`. Every split must hold images (early stopping needs validation).
    public func splits(seed: UInt64) throws -> DatasetSplits {
        let splits = try DatasetSplits(source: source, seed: seed)
        for split in [splits.train, splits.validation, splits.test] where split.examples.isEmpty {
            throw DatasetError.emptySplit(split: split.name.rawValue, folder: split.origin)
        }
        return splits
    }

    /// `count` positions in `examples` drawn at random (seeded), ascending; all of them when there
    /// are no more than `count`.
    public func sample(_ count: Int, seed: UInt64) -> [Int] {
        var positions = Array(examples.indices)
        guard count < positions.count else { return positions }
        var generator = SeededGenerator(seed: seed)
        for i in 0..<count {   // a partial Fisher–Yates: the first `count` places are the sample
            let j = i + SeedStreams.index(below: positions.count - i, using: &generator)
            positions.swapAt(i, j)
        }
        return positions[..<count].sorted()
    }

    /// Every sub-folder of `base` must hold an image somewhere below it.
    private static func checkClassFolders(in base: String) throws {
        let manager = FileManager.default
        let entries = ((try? manager.contentsOfDirectory(atPath: base)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        for entry in entries {
            let folder = (base as NSString).appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            let files = (try? manager.subpathsOfDirectory(atPath: folder)) ?? []
            let hasImage = files.contains { subpath in
                !subpath.split(separator: "/").contains { $0.hasPrefix(".") }
                    && ImageFolder.isImageFile(subpath)
            }
            if !hasImage { throw ClassifierError.emptyClassFolder(folder) }
        }
    }
}
