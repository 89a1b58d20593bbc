/// SHA-256 (FIPS 180-4).
///
/// Written here rather than taken from a crypto package, so the module builds from the system's
/// zlib and Foundation alone; it only ever checks downloads against known or recorded digests.
public struct SHA256: DigestFunction {
    private var hasher = BlockHasher<SHA256Compression>()

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bytes) }

    public mutating func finalize() -> [UInt8] { hasher.finalize() }
}
