import Datasets
import Foundation
import ImageFiles
import NN

/// Images named on the command line, ready for a model: resized on the shorter side and
/// centre-cropped to its square.
///
/// One path that is not an image file is a data source (an image folder, Fashion-MNIST's IDX
/// folder, an IDX file), from which the first images of a split are taken; otherwise every path
/// is an image file.
public struct InputImages {
    /// [n, 3, size, size] in [0, 1].
    public let images: Tensor
    /// Each image's file, or `file[index]` for an IDX item.
    public let names: [String]
    /// Files of a data source that could not be decoded and were passed over.
    public let skipped: [SkippedFile]

    public var count: Int { names.count }

    /// - Parameters:
    ///   - count: at most this many images.
    ///   - split: which part of a data source; nil takes its own test split when it has one
    ///     (images a model was not trained on), otherwise all of it.
    ///   - seed: the seed of a carved split, as `DatasetSplits` makes it (a run's seed gives its
    ///     held-out images).
    public init(paths: [String], count: Int, imageSize: Int, split: SplitName? = nil, seed: UInt64 = 1) throws {
        precondition(!paths.isEmpty && count > 0, "\(paths.count) paths and count \(count): need some of both")
        if paths.count == 1 && !ImageFolder.isImageFile(paths[0]) {
            let selection = try Self.selection(of: DataSource(path: paths[0]), split: split, seed: seed)
            var tensors: [Tensor] = [], names: [String] = [], skipped: [SkippedFile] = []
            for example in selection.examples where tensors.count < count {
                do {
                    tensors.append(try example.loadImage().resizedAndCropped(toSquare: imageSize).tensor)
                    names.append(example.name)
                } catch {
                    skipped.append(SkippedFile(file: example.name, error: error))
                }
            }
            guard !tensors.isEmpty else {
                throw DatasetError.noReadableImages(split: selection.label, folder: selection.origin,
                                                    skipped: skipped.count)
            }
            (images, self.names, self.skipped) = (Tensor(stacking: tensors), names, skipped)
        } else {
            let files = Array(paths.prefix(count))
            images = Tensor(stacking: try files.map { try Self.load(file: $0, imageSize: imageSize) })
            names = files
            skipped = []
        }
    }

    /// One image file as [3, size, size].
    public static func load(file: String, imageSize: Int) throws -> Tensor {
        try Image(contentsOfFile: file).resizedAndCropped(toSquare: imageSize).tensor
    }

    /// The examples of `split`, in the source's order; with no split, the source's own test split
    /// when it has one, otherwise every example.
    public static func examples(of source: DataSource, split: SplitName?, seed: UInt64) throws -> [Example] {
        try selection(of: source, split: split, seed: seed).examples
    }

    /// The examples, what to call them in messages, and the folder or file they come from.
    private static func selection(of source: DataSource, split: SplitName?,
                                  seed: UInt64) throws -> (examples: [Example], label: String, origin: String) {
        let chosen: (examples: [Example], label: String, origin: String)
        if let split {
            let part = try DatasetSplits(source: source, seed: seed)[split]
            chosen = (part.examples, split.rawValue, part.origin)
        } else if let test = source.presplit[.test] {
            chosen = (test, SplitName.test.rawValue, source.origins[.test] ?? source.path)
        } else {
            chosen = (source.allExamples, "whole", source.path)
        }
        guard !chosen.examples.isEmpty else { throw DatasetError.emptySplit(split: chosen.label, folder: chosen.origin) }
        return chosen
    }

}
