import Foundation

/// The image files below a folder, with class labels taken from the folder layout. Nothing is
/// decoded here.
///
/// Layout: `root/<class>/.../name.png`, or `root/<split>/<class>/.../name.jpg` when the root holds
/// a `train`, `validation` or `test` folder; then only files inside the split folders are listed.
/// The class is the first folder below the root (or below the split); a file with no such folder
/// has no class. Files are `.png`, `.jpg` or `.jpeg` in any case; other files are listed in
/// `skippedFiles` so callers can report them; hidden files and folders (a leading dot, e.g. macOS
/// `._x.jpg`) are ignored.
public struct ImageFolder: Sendable {
    public static let splitNames = ["train", "validation", "test"]

    /// Whether `path` names an image by its extension (png, jpg or jpeg, in any case).
    public static func isImageFile(_ path: String) -> Bool {
        ["png", "jpg", "jpeg"].contains((path as NSString).pathExtension.lowercased())
    }

    public struct Entry: Sendable, Equatable {
        public let path: String
        /// Path below the root, components joined by "/".
        public let relativePath: String
        public let split: String?
        public let className: String?
        /// Index of `className` in `classNames`, shared across splits.
        public let label: Int?
    }

    public let root: String
    /// The split folders present, in the order of `splitNames`; empty for a flat layout.
    public let splits: [String]
    /// Sorted class folder names over all splits.
    public let classNames: [String]
    /// Every image file, sorted by path component by component.
    public let entries: [Entry]
    /// Relative paths of the other files where images are looked for (inside the split folders
    /// when there are any), sorted: not images by their extension, so not part of the dataset.
    public let skippedFiles: [String]

    public init(root: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
            throw ImageFilesError.missingFile(root)
        }
        guard isDirectory.boolValue else { throw ImageFilesError.notAFolder(root) }
        let subpaths: [String]
        do {
            subpaths = try FileManager.default.subpathsOfDirectory(atPath: root)
        } catch {
            throw ImageFilesError.unreadable(file: root, reason: error.localizedDescription)
        }

        func isFolder(_ relative: String) -> Bool {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }
        let splits = Self.splitNames.filter { isFolder($0) }
        var files: [[String]] = [], others: [[String]] = []
        for subpath in subpaths {
            let components = subpath.split(separator: "/").map(String.init)
            guard let name = components.last, !components.contains(where: { $0.hasPrefix(".") }),
                  !isFolder(subpath) else { continue }
            if Self.isImageFile(name) {
                files.append(components)
            } else {
                others.append(components)
            }
        }
        files.sort { $0.lexicographicallyPrecedes($1) }

        var located: [(components: [String], split: String?, className: String?)] = []
        for components in files {
            let split = components.count > 1 && splits.contains(components[0]) ? components[0] : nil
            if !splits.isEmpty && split == nil { continue }
            let below = split == nil ? components[...] : components.dropFirst()
            located.append((components, split, below.count > 1 ? below.first : nil))
        }
        guard !located.isEmpty else { throw ImageFilesError.noImages(folder: root) }
        let classNames = Set(located.compactMap(\.className)).sorted()
        let labels = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })

        self.root = root
        self.splits = splits
        self.skippedFiles = others
            .filter { splits.isEmpty || ($0.count > 1 && splits.contains($0[0])) }
            .sorted { $0.lexicographicallyPrecedes($1) }
            .map { $0.joined(separator: "/") }
        self.classNames = classNames
        self.entries = located.map { file in
            let relative = file.components.joined(separator: "/")
            return Entry(path: (root as NSString).appendingPathComponent(relative), relativePath: relative,
                         split: file.split, className: file.className, label: file.className.flatMap { labels[$0] })
        }
    }

    /// The entries of one split folder, in order.
    public func entries(inSplit split: String) -> [Entry] {
        entries.filter { $0.split == split }
    }
}
