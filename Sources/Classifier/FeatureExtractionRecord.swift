/// How a weight set's features were obtained: from the cache, or extracted at some rate.
public struct FeatureExtractionRecord: Sendable, Equatable, Codable {
    public let images: Int
    public let fromCache: Bool
    /// Wall-clock seconds of extraction (or of reading the cache).
    public let seconds: Double
    /// Files that could not be decoded and were left out.
    public let skippedFiles: [String]
    public let cacheFile: String

    public init(images: Int, fromCache: Bool, seconds: Double, skippedFiles: [String], cacheFile: String) {
        self.images = images
        self.fromCache = fromCache
        self.seconds = seconds
        self.skippedFiles = skippedFiles
        self.cacheFile = cacheFile
    }

    public var imagesPerSecond: Double { seconds > 0 ? Double(images) / seconds : 0 }
}
