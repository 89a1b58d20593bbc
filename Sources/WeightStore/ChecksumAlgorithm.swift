/// The digests publishers give for their files.
public enum ChecksumAlgorithm: String, Sendable, Equatable, Codable {
    case sha1
    case sha256

    /// The digest of a file's contents in lower-case hex, read in 1 MiB pieces.
    public func digest(ofFile path: String) throws -> String {
        try FileSystem.digest(of: path, self)
    }

    /// A fresh hasher for this algorithm.
    func makeHasher() -> any DigestFunction {
        switch self {
        case .sha1: return SHA1()
        case .sha256: return SHA256()
        }
    }
}
