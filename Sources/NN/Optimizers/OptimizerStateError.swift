/// A saved optimizer state that does not fit the optimizer or the parameters it is loaded for.
public enum OptimizerStateError: Error, Equatable, CustomStringConvertible {
    case unknownEntry(entry: String, expected: [String])
    case unknownParameter(entry: String, parameter: String)
    case missingEntry(entry: String)
    case shapeMismatch(entry: String, expected: [Int], found: [Int])
    case invalidStepCount(entry: String, found: Float)

    public var description: String {
        switch self {
        case let .unknownEntry(entry, expected):
            let wanted = expected.isEmpty ? "this optimizer keeps no state" : "expected \(expected.joined(separator: ", "))"
            return "optimizer state: unknown entry \(entry) (\(wanted)); saved by another optimizer?"
        case let .unknownParameter(entry, parameter):
            return "optimizer state: entry \(entry) names parameter \(parameter), which the model does not have"
        case let .missingEntry(entry):
            return "optimizer state: entry \(entry) is missing while the same parameter's other entries are present"
        case let .shapeMismatch(entry, expected, found):
            return "optimizer state: entry \(entry) has shape \(found), expected \(expected)"
        case let .invalidStepCount(entry, found):
            return "optimizer state: entry \(entry) holds \(found), expected a step count ≥ 1 of shape [1]"
        }
    }
}
