/// One layer of a Caffe net: its name, kind, the blobs it reads and writes, and its weights.
public struct CaffeLayer: Sendable, Equatable {
    public var name: String
    public var kind: CaffeLayerKind
    public var bottoms: [String]
    public var tops: [String]
    /// Learned parameters in Caffe's order: weight, then bias.
    public var blobs: [CaffeBlob]
    /// A data layer's input transformation, when the file keeps it (V2 layers).
    public var transform: CaffeTransform?

    public init(name: String, kind: CaffeLayerKind, bottoms: [String] = [], tops: [String] = [],
                blobs: [CaffeBlob] = [], transform: CaffeTransform? = nil) {
        self.name = name
        self.kind = kind
        self.bottoms = bottoms
        self.tops = tops
        self.blobs = blobs
        self.transform = transform
    }
}
