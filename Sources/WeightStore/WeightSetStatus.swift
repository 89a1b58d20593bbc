import Foundation

/// Whether a set can be used, how it was checked, and where its files are.
public struct WeightSetStatus: Sendable, Equatable {
    public enum Verification: Sendable, Equatable {
        /// The download (or shipped file) matched a digest known beforehand.
        case knownDigest(ChecksumAlgorithm)
        /// No digest was known: the SHA-256 recorded at the first download still matches (or, when
        /// only sizes were checked, the sizes recorded then still do).
        case recordedDigest
    }

    public enum State: Sendable, Equatable {
        case missing
        case present(Verification)
        /// Something is there but not what was downloaded: the reason names the file.
        case damaged(String)
    }

    public let descriptor: WeightSetDescriptor
    /// The set's folder: the cache's `<name>` folder, or where vae-cli's shipped weights are.
    public let folder: URL
    public let state: State

    public init(descriptor: WeightSetDescriptor, folder: URL, state: State) {
        self.descriptor = descriptor
        self.folder = folder
        self.state = state
    }

    public var isPresent: Bool {
        if case .present = state { return true }
        return false
    }

    /// Each file of the set, present or not, in the descriptor's order.
    public var files: [URL] { descriptor.files.map { folder.appendingPathComponent($0.name) } }

    /// The set's weights (every descriptor has exactly one such file).
    public var weightsFile: URL { folder.appendingPathComponent(descriptor.weightsFile.name) }

    /// The file with a role (e.g. `.meanImage`), if the set has one.
    public func file(_ role: WeightFile.Role) -> URL? {
        descriptor.files.first { $0.role == role }.map { folder.appendingPathComponent($0.name) }
    }
}
