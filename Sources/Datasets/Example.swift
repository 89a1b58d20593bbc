import ImageFiles

/// One image of a dataset: where its pixels come from, and its class when it has one.
public struct Example: Sendable {
    public enum Source: Sendable {
        case file(String)
        /// Item `index` of an IDX images file already in memory; `file` names it in messages.
        case idx(IDXImages, index: Int, file: String)
    }

    public let source: Source
    /// Index into the data source's `classNames`; nil for an image with no class folder.
    public let label: Int?

    public init(source: Source, label: Int?) {
        self.source = source
        self.label = label
    }

    /// The file path, or `file[index]` for an IDX item.
    public var name: String {
        switch source {
        case .file(let path): return path
        case .idx(_, let index, let file): return "\(file)[\(index)]"
        }
    }

    /// Decodes the full-size RGB image (grey files and IDX items give three equal channels).
    public func loadImage() throws -> Image {
        switch source {
        case .file(let path): return try Image(contentsOfFile: path)
        case .idx(let images, let index, _): return images.image(index)
        }
    }
}
