import Foundation

/// The `.verified` file beside a downloaded set: what was downloaded, how it was checked, and the
/// size and SHA-256 of every kept file, so later damage shows even where no digest is published.
struct VerificationRecord: Codable, Equatable {
    static let fileName = ".verified"
    static let formatName = "vae-cli weight set record"
    static let currentVersion = 1

    struct File: Codable, Equatable {
        let name: String
        let bytes: Int64
        let sha256: String
    }

    var format = formatName
    var version = currentVersion
    let set: String
    let url: String
    /// The download's digest, in the algorithm the descriptor names (SHA-256 where it names none).
    let downloadAlgorithm: ChecksumAlgorithm
    let downloadDigest: String
    /// True when `downloadDigest` matched a digest known before the download, false when it was
    /// only recorded (trust on first use).
    let matchedKnownDigest: Bool
    let fetched: Date
    let files: [File]

    static func read(folder: String) throws -> VerificationRecord {
        let path = folder + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WeightStoreError.unreadable(path: path, reason: FileSystem.exists(path) ? "cannot read" : "no such file")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let record = try? decoder.decode(VerificationRecord.self, from: data),
              record.format == formatName, record.version == currentVersion else {
            throw WeightStoreError.unreadable(path: path, reason: "not a \(formatName), version \(currentVersion)")
        }
        return record
    }

    /// Written in place: the folder it goes into is not yet visible under its final name.
    func write(folder: String) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let path = folder + "/" + Self.fileName
        do {
            try encoder.encode(self).write(to: URL(fileURLWithPath: path))
        } catch {
            throw WeightStoreError.cannotWrite(path: path, reason: (error as NSError).localizedDescription)
        }
        try FileSystem.sync(path)
    }
}
