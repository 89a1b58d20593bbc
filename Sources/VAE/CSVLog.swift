import Foundation

/// A CSV file written a row at a time, flushed after each row so a crash loses nothing.
/// On resume, rows past the checkpoint are dropped so the file reads as one uninterrupted run.
public final class CSVLog {
    private let handle: FileHandle

    /// Opens `url`; keeps the existing rows for which `keep(row)` holds (header aside), or starts
    /// anew with `header`.
    public init(_ url: URL, header: [String], keep: (([String]) -> Bool)? = nil) throws {
        var lines = [header.joined(separator: ",")]
        if let keep, let text = try? String(contentsOf: url, encoding: .utf8) {
            lines += Self.rows(text).dropFirst().filter(keep).map { $0.joined(separator: ",") }
        }
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
    }

    public func append(_ values: [String]) {
        handle.write(Data((values.joined(separator: ",") + "\n").utf8))
    }

    deinit { try? handle.close() }

    /// The text's lines split at commas (empty fields kept).
    private static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Numeric columns of a CSV file by header name, for plots.
    public static func columns(of url: URL) -> [String: [Double]] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        let lines = Self.rows(text)
        guard let header = lines.first else { return [:] }
        var columns: [String: [Double]] = [:]
        for (i, name) in header.enumerated() {
            columns[name] = lines.dropFirst().map { i < $0.count ? Double($0[i]) ?? .nan : .nan }
        }
        return columns
    }
}
