import Foundation
import NN
#if canImport(Glibc)
import Glibc
#endif

/// Weight sets by name: their status, their files, and fetching them from their publishers.
///
/// A downloaded set lives in `<folder>/<name>/` with a `.verified` record. A fetch works in a
/// private `.partial-…` folder inside `folder` (same file system, so the final rename is atomic):
/// download, verify, unpack, record, then one rename puts the set in place. Whatever fails, the
/// partial folder is removed; one left by a killed process is removed by the next fetch.
public struct WeightStore: Sendable {
    /// How thoroughly `status` looks at a present set.
    public enum Check: Sendable {
        /// Files exist with the sizes recorded at download: cheap, for every load.
        case sizes
        /// Also re-hashes every file against the recorded SHA-256: for `vae-cli weights list`.
        case digests
    }

    /// The cache folder (see `CacheFolder.resolve`).
    public let folder: URL
    /// Where the files of embedded sets (shipped with vae-cli) are.
    public let embeddedFolder: URL
    public let catalog: [WeightSetDescriptor]

    public init(folder: URL, embeddedFolder: URL, catalog: [WeightSetDescriptor] = WeightCatalog.all) {
        precondition(Set(catalog.map(\.name)).count == catalog.count, "weight set names repeat in \(catalog.map(\.name))")
        self.folder = folder
        self.embeddedFolder = embeddedFolder
        self.catalog = catalog
    }

    public func descriptor(named name: String) throws -> WeightSetDescriptor {
        guard let descriptor = catalog.first(where: { $0.name == name }) else {
            throw WeightStoreError.unknownSet(name, known: catalog.map(\.name))
        }
        return descriptor
    }

    public func status(of name: String, checking check: Check = .sizes) throws -> WeightSetStatus {
        status(of: try descriptor(named: name), checking: check)
    }

    /// Every set of the catalog, in its order.
    public func statuses(checking check: Check = .sizes) -> [WeightSetStatus] {
        catalog.map { status(of: $0, checking: check) }
    }

    /// The status of a set that is ready to load; otherwise the one-line error that says what to do.
    public func locate(_ name: String) throws -> WeightSetStatus {
        let status = try status(of: name)
        switch status.state {
        case .present:
            return status
        case .missing:
            if case .embedded = status.descriptor.origin {
                throw WeightStoreError.embeddedFileMissing(set: name, path: status.files[0].path)
            }
            throw WeightStoreError.notDownloaded(name)
        case .damaged(let reason):
            throw WeightStoreError.damaged(set: name, reason: reason)
        }
    }

    /// Downloads, verifies and unpacks a set into the cache, unless it is already present (`force`
    /// downloads it again). `idleTimeout`: seconds without data before the download is abandoned.
    /// `progress` is called on a background thread as bytes arrive. `mirror` replaces the
    /// publisher's URL (the same file from another place); the checksum is verified all the same.
    @discardableResult
    public func fetch(_ name: String, force: Bool = false, from mirror: URL? = nil, idleTimeout: Double = 60,
                      progress: @escaping (DownloadProgress) -> Void = { _ in }) throws -> WeightSetStatus {
        let descriptor = try descriptor(named: name)
        guard var download = descriptor.download else { throw WeightStoreError.nothingToFetch(name) }
        if let mirror { download = WeightDownload(url: mirror, packaging: download.packaging, checksum: download.checksum) }
        if !force {
            let current = status(of: descriptor, checking: .sizes)
            if current.isPresent { return current }
        }
        try FileSystem.makeFolder(folder.path)
        removeAbandonedPartialFolders(of: name)
        let partial = folder.path + "/.partial-\(name)-\(getpid())-\(UInt32.random(in: .min ... .max))"
        try FileSystem.makeFolder(partial)
        defer { FileSystem.remove(partial) }

        let setFolder = partial + "/" + name
        try FileSystem.makeFolder(setFolder)
        let record = try downloadAndUnpack(descriptor, download, into: setFolder, scratch: partial,
                                           idleTimeout: idleTimeout, progress: progress)
        try record.write(folder: setFolder)
        try FileSystem.sync(setFolder)
        try moveIntoPlace(setFolder, set: name, asideFolder: partial)
        return status(of: descriptor, checking: .sizes)
    }

    // MARK: - Fetching

    /// Download, checksum, unpack, size checks; returns the record to keep beside the files.
    private func downloadAndUnpack(_ descriptor: WeightSetDescriptor, _ download: WeightDownload,
                                   into setFolder: String, scratch: String, idleTimeout: Double,
                                   progress: @escaping (DownloadProgress) -> Void) throws -> VerificationRecord {
        let url = download.url.absoluteString
        var knownDigest: (ChecksumAlgorithm, String)?
        if case .known(let algorithm, let digest, _) = download.checksum { knownDigest = (algorithm, digest.lowercased()) }
        let algorithm = knownDigest?.0 ?? .sha256
        let downloaded = scratch + "/download"
        let result = try HTTPDownload.run(url: download.url, to: downloaded,
                                          algorithms: algorithm == .sha256 ? [.sha256] : [algorithm, .sha256],
                                          idleTimeout: idleTimeout, progress: progress)
        let digest = result.digests[algorithm]!
        if let (_, expected) = knownDigest, digest != expected {
            throw WeightStoreError.checksumMismatch(url: url, algorithm: algorithm, expected: expected, found: digest)
        }

        var files: [VerificationRecord.File]
        switch download.packaging {
        case .file:
            let name = descriptor.files[0].name
            try FileSystem.sync(downloaded)   // kept: flushed before the rename (an archive is scratch)
            try FileSystem.rename(downloaded, to: setFolder + "/" + name)
            files = [VerificationRecord.File(name: name, bytes: result.bytes, sha256: result.digests[.sha256]!)]
        case .tarGzip:
            let extracted = try TarExtractor.extract(archive: downloaded, archiveName: url,
                                                     names: descriptor.files.map(\.name), into: setFolder)
            FileSystem.remove(downloaded)
            files = extracted.map { VerificationRecord.File(name: $0.name, bytes: $0.bytes, sha256: $0.sha256) }
        }
        for (file, kept) in zip(descriptor.files, files) where kept.bytes < file.minimumBytes {
            throw WeightStoreError.tooSmall(file: "\(file.name) from \(url)", minimum: file.minimumBytes, found: kept.bytes)
        }
        return VerificationRecord(set: descriptor.name, url: url, downloadAlgorithm: algorithm, downloadDigest: digest,
                                  matchedKnownDigest: knownDigest != nil, fetched: Date(), files: files)
    }

    /// Renames the finished set over `<folder>/<name>`; an older copy is moved into `asideFolder`
    /// first (and removed with it), and put back if the rename fails.
    private func moveIntoPlace(_ setFolder: String, set name: String, asideFolder: String) throws {
        let target = folder.path + "/" + name
        let previous = asideFolder + "/previous"
        let hadPrevious = FileSystem.exists(target)
        if hadPrevious { try FileSystem.rename(target, to: previous) }
        do {
            try FileSystem.rename(setFolder, to: target)
        } catch {
            if hadPrevious { try? FileSystem.rename(previous, to: target) }
            throw error
        }
        try FileSystem.sync(folder.path)
    }

    /// `.partial-<name>-<pid>-…` folders whose process is gone (killed mid-download).
    private func removeAbandonedPartialFolders(of name: String) {
        let prefix = ".partial-\(name)-"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for entry in entries where entry.hasPrefix(prefix) {
            guard let pid = Int32(entry.dropFirst(prefix.count).prefix { $0 != "-" }) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { FileSystem.remove(folder.path + "/" + entry) }
        }
    }

    // MARK: - Status

    private func status(of descriptor: WeightSetDescriptor, checking check: Check) -> WeightSetStatus {
        switch descriptor.origin {
        case .embedded:
            return WeightSetStatus(descriptor: descriptor, folder: embeddedFolder, state: embeddedState(descriptor))
        case .download(let download):
            let setFolder = folder.appendingPathComponent(descriptor.name)
            return WeightSetStatus(descriptor: descriptor, folder: setFolder,
                                   state: downloadedState(descriptor, download, folder: setFolder.path, check: check))
        }
    }

    /// Shipped files are small: always checked against their SHA-256.
    private func embeddedState(_ descriptor: WeightSetDescriptor) -> WeightSetStatus.State {
        for file in descriptor.files {
            let path = embeddedFolder.appendingPathComponent(file.name).path
            guard FileSystem.exists(path) else { return .missing }
            guard let expected = file.sha256 else { continue }
            guard let found = try? FileSystem.digest(of: path, .sha256) else { return .damaged("\(path) cannot be read") }
            if found != expected.lowercased() { return .damaged("\(path) has SHA-256 \(found), expected \(expected)") }
        }
        let allHaveDigests = descriptor.files.allSatisfy { $0.sha256 != nil }
        return .present(allHaveDigests ? .knownDigest(.sha256) : .recordedDigest)
    }

    private func downloadedState(_ descriptor: WeightSetDescriptor, _ download: WeightDownload, folder: String,
                                 check: Check) -> WeightSetStatus.State {
        guard FileSystem.exists(folder) else { return .missing }
        let record: VerificationRecord
        do {
            record = try VerificationRecord.read(folder: folder)
        } catch {
            return .damaged("\(error)")
        }
        if case .known(let algorithm, let digest, _) = download.checksum,
           record.downloadAlgorithm != algorithm || record.downloadDigest != digest.lowercased() {
            return .damaged("\(folder) was downloaded as a file with another digest than the catalog now expects")
        }
        for file in descriptor.files {
            let path = folder + "/" + file.name
            guard let recorded = record.files.first(where: { $0.name == file.name }) else {
                return .damaged("\(file.name) is not in \(folder)/\(VerificationRecord.fileName)")
            }
            guard let size = FileSystem.size(of: path) else { return .damaged("\(path) is missing") }
            if size != recorded.bytes {
                return .damaged("\(path) has \(size) bytes, \(recorded.bytes) when downloaded")
            }
            if check == .digests {
                guard let found = try? FileSystem.digest(of: path, .sha256) else { return .damaged("\(path) cannot be read") }
                if found != recorded.sha256 { return .damaged("\(path) has changed since it was downloaded (SHA-256 differs)") }
            }
        }
        return .present(record.matchedKnownDigest ? .knownDigest(record.downloadAlgorithm) : .recordedDigest)
    }
}
