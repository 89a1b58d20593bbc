import Foundation

/// How far a download has come (the progress line works out rate and time left itself).
public struct DownloadProgress: Sendable, Equatable {
    public let bytesReceived: Int64
    /// From the server's Content-Length; nil when it sent none.
    public let totalBytes: Int64?

    public init(bytesReceived: Int64, totalBytes: Int64?) {
        self.bytesReceived = bytesReceived
        self.totalBytes = totalBytes
    }
}
