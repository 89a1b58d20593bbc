/// One layer of a Caffe net: its name, kind, the blobs it reads and writes, and its weights.
public struct CaffeLayer: Sendable, Equatable {
    public var name: String
    public var kind: CaffeLayerKind
    public var bottoms: [String]
    public var tops: [String]
    /// Learned parameters in Caffe's order: weight, then bias.
    public var blobs: [CaffeBlob]

    public init(name: String, kind: CaffeLayerKind, bottoms: [String] = [], tops: [String] = [],
                blobs: [CaffeBlob] = []) {
        self.name = name
        self.kind = kind
        self.bottoms = bottoms
        self.tops = tops
        self.blobs = blobs
    }
}
