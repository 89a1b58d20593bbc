import Foundation

/// Two images to compare, or the images of two folders paired by relative path (as a metric
/// between reconstructions and originals needs). Nothing is decoded here.
///
/// Folders are listed as `ImageFolder` lists them: `.png`, `.jpg` and `.jpeg` files at any depth,
/// hidden files ignored, and only the split folders when a root has `train`, `validation` or `test`.
public struct ImagePairing: Sendable {
    public struct Pair: Sendable, Equatable {
        /// The path below both folders, or the first file's name when two files are compared.
        public let name: String
        public let first: String
        public let second: String

        public init(name: String, first: String, second: String) {
            self.name = name
            self.first = first
            self.second = second
        }

        /// Both images decoded; brought to `size` x `size` when given, otherwise their sizes must agree.
        public func images(resizedTo size: Int? = nil) throws -> (first: Image, second: Image) {
            var a = try Image(contentsOfFile: first), b = try Image(contentsOfFile: second)
            if let size {
                a = a.resized(width: size, height: size)
                b = b.resized(width: size, height: size)
            } else if a.width != b.width || a.height != b.height {
                throw ImageFilesError.sizeMismatch(first: first, firstSize: [a.width, a.height],
                                                second: second, secondSize: [b.width, b.height])
            }
            return (a, b)
        }
    }

    /// True when two folders were given, false for two files.
    public let comparesFolders: Bool
    /// Sorted by relative path.
    public let pairs: [Pair]
    /// Relative paths of images in one folder only (empty for two files).
    public let onlyInFirst: [String]
    public let onlyInSecond: [String]

    /// `first` and `second` are both image files or both folders; two folders must share at least
    /// one image path.
    public init(first: String, second: String) throws {
        func isFolder(_ path: String) throws -> Bool {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ImageFilesError.missingFile(path)
            }
            return isDirectory.boolValue
        }
        switch (try isFolder(first), try isFolder(second)) {
        case (false, false):
            comparesFolders = false
            pairs = [Pair(name: (first as NSString).lastPathComponent, first: first, second: second)]
            onlyInFirst = []
            onlyInSecond = []
        case (true, true):
            let a = try ImageFolder(root: first), b = try ImageFolder(root: second)
            let inSecond = Dictionary(uniqueKeysWithValues: b.entries.map { ($0.relativePath, $0.path) })
            let inFirst = Set(a.entries.map(\.relativePath))
            comparesFolders = true
            pairs = a.entries.compactMap { entry in
                inSecond[entry.relativePath].map { Pair(name: entry.relativePath, first: entry.path, second: $0) }
            }
            onlyInFirst = a.entries.map(\.relativePath).filter { inSecond[$0] == nil }
            onlyInSecond = b.entries.map(\.relativePath).filter { !inFirst.contains($0) }
            guard !pairs.isEmpty else { throw ImageFilesError.noCommonImages(first: first, second: second) }
        case (true, false):
            throw ImageFilesError.fileAndFolder(file: second, folder: first)
        case (false, true):
            throw ImageFilesError.fileAndFolder(file: first, folder: second)
        }
    }
}
