import Foundation

/// How far a download has come, for a progress bar with rate and time left.
public struct DownloadProgress: Sendable, Equatable {
    public let bytesReceived: Int64
    /// From the server's Content-Length; nil when it sent none.
    public let totalBytes: Int64?
    /// Seconds since the request was sent.
    public let elapsed: Double

    public init(bytesReceived: Int64, totalBytes: Int64?, elapsed: Double) {
        self.bytesReceived = bytesReceived
        self.totalBytes = totalBytes
        self.elapsed = elapsed
    }

    /// 0...1, when the total is known.
    public var fraction: Double? {
        guard let totalBytes, totalBytes > 0 else { return nil }
        return min(1, Double(bytesReceived) / Double(totalBytes))
    }

    /// The mean rate since the start.
    public var bytesPerSecond: Double {
        elapsed > 0 ? Double(bytesReceived) / elapsed : 0
    }

    /// At the mean rate so far, when the total is known and something has arrived.
    public var secondsRemaining: Double? {
        guard let totalBytes, bytesReceived > 0, bytesPerSecond > 0 else { return nil }
        return Double(max(0, totalBytes - bytesReceived)) / bytesPerSecond
    }
}
