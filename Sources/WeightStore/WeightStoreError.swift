/// Failures from outside (names, the network, files): each description is one line naming the
/// set, URL or file, and the problem.
public enum WeightStoreError: Error, Equatable, CustomStringConvertible {
    case unknownSet(String, known: [String])
    case notDownloaded(String)
    case damaged(set: String, reason: String)
    /// An embedded set whose shipped file is not where the installation should have put it.
    case embeddedFileMissing(set: String, path: String)
    case nothingToFetch(String)
    case httpStatus(url: String, code: Int)
    case connectionFailed(url: String, reason: String)
    case truncated(url: String, expected: Int64, received: Int64)
    case checksumMismatch(url: String, algorithm: ChecksumAlgorithm, expected: String, found: String)
    case tooSmall(file: String, minimum: Int64, found: Int64)
    case corruptArchive(file: String, reason: String)
    case unsafeArchivePath(file: String, path: String)
    /// A link member whose target is absolute or climbs out with `..`.
    case unsafeArchiveLink(file: String, path: String, target: String)
    /// A member larger than `TarExtractor.maximumMemberSize`.
    case archiveMemberTooLarge(file: String, member: String, bytes: Int64, limit: Int64)
    /// A gzip stream expanding past `GzipFileReader.maximumExpansion` times its size.
    case decompressionBomb(file: String, compressedBytes: Int, limit: Int)
    case missingArchiveMember(file: String, member: String)
    case cannotWrite(path: String, reason: String)
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unknownSet(let name, let known):
            return "unknown weight set \(name); known sets: \(known.joined(separator: ", "))"
        case .notDownloaded(let name):
            return "weight set \(name) is not downloaded; run `vae-cli weights fetch \(name)`"
        case .damaged(let name, let reason):
            return "weight set \(name) is damaged (\(reason)); run `vae-cli weights fetch \(name) --force` to download it again"
        case .embeddedFileMissing(let name, let path):
            return "weight set \(name) ships with vae-cli, but \(path) is missing; reinstall vae-cli"
        case .nothingToFetch(let name):
            return "weight set \(name) ships with vae-cli; there is nothing to fetch"
        case .httpStatus(let url, let code):
            return "\(url): the server answered HTTP \(code)\(code == 404 ? " (not found)" : "")"
        case .connectionFailed(let url, let reason):
            return "\(url): cannot download: \(reason)"
        case .truncated(let url, let expected, let received):
            return "\(url): download cut short: received \(received) of \(expected) bytes"
        case .checksumMismatch(let url, let algorithm, let expected, let found):
            return "\(url): \(algorithm.rawValue) of the download is \(found), expected \(expected); the download was discarded"
        case .tooSmall(let file, let minimum, let found):
            return "\(file): \(found) bytes, too small to be the expected file (at least \(minimum) bytes)"
        case .corruptArchive(let file, let reason):
            return "\(file): corrupt or truncated .tar.gz archive: \(reason)"
        case .unsafeArchivePath(let file, let path):
            return "\(file): archive member \"\(path)\" points outside the archive's folder; refusing to unpack it"
        case .unsafeArchiveLink(let file, let path, let target):
            return "\(file): archive member \"\(path)\" links to \"\(target)\", outside the archive's folder; refusing to unpack it"
        case .archiveMemberTooLarge(let file, let member, let bytes, let limit):
            return "\(file): archive member \"\(member)\" claims \(bytes) bytes, over the limit of \(limit); refusing to unpack it"
        case .decompressionBomb(let file, let compressedBytes, let limit):
            return "\(file): \(compressedBytes) bytes of gzip data expand past \(limit) bytes "
                + "(over \(GzipFileReader.maximumExpansion)-fold): a decompression bomb; refusing to unpack it"
        case .missingArchiveMember(let file, let member):
            return "\(file): the archive holds no file named \(member)"
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write: \(reason)"
        case .unreadable(let path, let reason):
            return "\(path): cannot read: \(reason)"
        }
    }
}
