/// An IDX label file (magic 0x00000801): one byte class label per item.
public struct IDXLabels: Sendable {
    public static let magic: UInt32 = 0x0000_0801
    public let labels: [Int]

    /// Reads a gzip-compressed or raw file such as `t10k-labels-idx1-ubyte.gz`.
    public init(contentsOfFile path: String) throws {
        labels = try IDXFile.read(path, magic: Self.magic).bytes.map(Int.init)
    }

    public var count: Int { labels.count }
}
