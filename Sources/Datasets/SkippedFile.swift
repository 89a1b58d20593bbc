/// A file left out of a dataset, and why.
public struct SkippedFile: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let reason: String

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    /// From a decoding error; the file name that starts the error's own line is not repeated.
    public init(file: String, error: Error) {
        let text = String(describing: error)
        self.init(file: file, reason: text.hasPrefix(file + ": ") ? String(text.dropFirst(file.count + 2)) : text)
    }

    public var description: String { "\(file): \(reason)" }
}
