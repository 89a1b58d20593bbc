/// Why a checkpoint cannot be read, found or resumed as asked; each message names the file.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    case notACheckpoint(file: String)
    case unsupportedVersion(file: String, found: String)
    case badField(file: String, field: String)
    /// A configuration whose values are out of bounds (`reason` says which).
    case invalidConfiguration(file: String, reason: String)
    case missingTensor(file: String, name: String)
    case wrongShape(file: String, name: String, expected: [Int], found: [Int])
    case unexpectedTensors(file: String, names: [String])
    case noCheckpoint(folder: String)
    /// Neither a checkpoint file nor a run folder exists at the path.
    case notFound(String)
    case architectureMismatch(file: String, saved: String, requested: String)
    /// An option given again on resume that disagrees with the run (`saved`: nil when unset).
    case conflictingOption(file: String, option: String, given: String, saved: String?)
    /// An option only a new run sets, given on resume of the run in `folder`.
    case fixedByRun(folder: String, option: String)

    public var description: String {
        switch self {
        case let .notACheckpoint(file): return "\(file): not a vae-cli checkpoint (no format \"\(Checkpoint.format)\" in its metadata)"
        case let .unsupportedVersion(file, found): return "\(file): checkpoint version \(found); this vae-cli reads version \(Checkpoint.version)"
        case let .badField(file, field): return "\(file): checkpoint field \(field) is missing or malformed"
        case let .invalidConfiguration(file, reason): return "\(file): checkpoint configuration is invalid: \(reason)"
        case let .missingTensor(file, name): return "\(file): checkpoint lacks \(name); it was saved from another architecture"
        case let .wrongShape(file, name, expected, found):
            return "\(file): \(name) has shape \(found), this architecture needs \(expected) (a checkpoint of another architecture)"
        case let .unexpectedTensors(file, names):
            return "\(file): checkpoint has tensors this architecture lacks (\(names.prefix(3).joined(separator: ", "))): another architecture"
        case let .noCheckpoint(folder): return "\(folder): no checkpoint found (expected checkpoints/checkpoint-*.safetensors)"
        case let .notFound(path): return "\(path): no such checkpoint file or run folder"
        case let .architectureMismatch(file, saved, requested):
            return "\(file): the checkpoint was trained with \(saved), not \(requested)"
        case let .conflictingOption(file, option, given, saved):
            return "\(file): \(option) \(given) differs from the run being resumed (\(saved ?? "not set")); start a new run instead"
        case let .fixedByRun(folder, option):
            return "\(option) cannot change when resuming; the run keeps its own (see \(folder)/configuration.json)"
        }
    }
}
