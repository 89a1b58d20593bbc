import Foundation

/// The files left out of a dataset, each recorded once with its reason: filled by the loaders'
/// decoding threads (and with any files given at init), read and printed by the caller whenever
/// it likes. A source's non-image files are counted in its own summary instead.
public final class SkipReport: @unchecked Sendable {
    private let lock = NSLock()
    private var files: [SkippedFile] = []
    private var seen: Set<String> = []
    private var taken = 0

    public init(_ files: [SkippedFile] = []) {
        for file in files { record(file) }
    }

    /// Adds `file` unless that file is already recorded; returns whether it was new.
    @discardableResult
    public func record(_ file: SkippedFile) -> Bool {
        lock.withLock {
            guard seen.insert(file.file).inserted else { return false }
            files.append(file)
            return true
        }
    }

    /// Everything recorded so far, in the order it was recorded.
    public var entries: [SkippedFile] { lock.withLock { files } }

    public var count: Int { lock.withLock { files.count } }

    /// The entries recorded since the previous call, so a caller can print them as they come.
    public func takeNew() -> [SkippedFile] {
        lock.withLock {
            defer { taken = files.count }
            return Array(files[taken...])
        }
    }
}
