/// Joining or using the MPI job failed.
public enum MPIJobError: Error, CustomStringConvertible {
    case badEnvironment(variable: String, value: String)
    case cannotStart(reason: String)
    case tooLargeToGather(elements: Int)

    public var description: String {
        switch self {
        case let .badEnvironment(variable, value):
            return "\(variable) is '\(value)', not a rank count: start vae-cli with Open MPI's mpirun"
        case let .cannotStart(reason):
            return "cannot start MPI: \(reason)"
        case let .tooLargeToGather(elements):
            return "\(elements) values are more than one MPI gather carries (\(Int32.max)); extract fewer images per run"
        }
    }
}
