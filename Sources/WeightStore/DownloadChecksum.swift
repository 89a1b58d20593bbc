/// What a download is checked against before anything is unpacked or kept.
public enum DownloadChecksum: Sendable, Equatable {
    /// A digest of the downloaded file, given by its publisher or by someone who downloaded it before;
    /// `source` says who, so a user can judge how far to trust it.
    case known(ChecksumAlgorithm, digest: String, source: String)
    /// No digest could be found. The download is checked by the kept files' minimum sizes (and, by
    /// the loader, by parsing), and its SHA-256 is recorded on first download so later changes show.
    case unpublished(note: String)
}
