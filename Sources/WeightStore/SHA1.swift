/// SHA-1 (FIPS 180-4). Broken for signatures, but it is the digest the Caffe model zoo publishes,
/// and matching a download against a published digest is all it does here.
public struct SHA1: DigestFunction {
    private var hasher = BlockHasher<SHA1Compression>()

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bytes) }

    public mutating func finalize() -> [UInt8] { hasher.finalize() }
}
