/// The digests publishers give for their files.
public enum ChecksumAlgorithm: String, Sendable, Equatable, Codable {
    case sha1
    case sha256

    /// A fresh hasher for this algorithm.
    func makeHasher() -> any DigestFunction {
        switch self {
        case .sha1: return SHA1()
        case .sha256: return SHA256()
        }
    }
}
