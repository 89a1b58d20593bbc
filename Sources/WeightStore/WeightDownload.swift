import Foundation

/// Where a weight set comes from and how the download is packed.
public struct WeightDownload: Sendable, Equatable {
    public enum Packaging: Sendable, Equatable {
        /// The download is the set's only file.
        case file
        /// A gzip-compressed tar archive; the set's files are taken from it by file name (the last
        /// path component, whatever folder the publisher put them in), everything else is skipped.
        case tarGzip
    }

    public let url: URL
    public let packaging: Packaging
    public let checksum: DownloadChecksum

    public init(url: URL, packaging: Packaging, checksum: DownloadChecksum) {
        self.url = url
        self.packaging = packaging
        self.checksum = checksum
    }
}
