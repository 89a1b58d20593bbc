/// Updates parameters from their accumulated gradients.
///
/// State (moment buffers, step counts) is kept per parameter, keyed by the parameter's `name`,
/// and exported as named tensors so a checkpoint can save it and a new optimizer continue bit
/// for bit. Hyperparameters are Doubles, as Python floats are in PyTorch, so derived constants
/// (1 − β, bias corrections) are computed as PyTorch computes them before being rounded to Float.
public protocol Optimizer: AnyObject {
    /// May be changed between steps (schedules, warm-up).
    var learningRate: Double { get set }
    /// Updates every unfrozen parameter from its gradient. The caller zeroes the gradients.
    func step(_ parameters: [Parameter])
    /// Per-parameter state as named tensors, e.g. `adam.m.conv1.weight`.
    var state: [String: Tensor] { get }
    /// Replaces the state with `state`, checked against `parameters`; on error nothing changes.
    func loadState(_ state: [String: Tensor], for parameters: [Parameter]) throws
}

/// Hot loops of the optimizers split over the workers only above this many scalars.
let optimizerMinimumChunk = 1 << 15

/// Parameters by name, checking that names are unique (state is keyed by them).
func parametersByName(_ parameters: [Parameter], _ optimizer: String) -> [String: Parameter] {
    var byName: [String: Parameter] = [:]
    for p in parameters {
        if let other = byName.updateValue(p, forKey: p.name) {
            preconditionFailure("\(optimizer): two parameters named \(p.name), shapes \(other.value.shape) and \(p.value.shape)")
        }
    }
    return byName
}

/// Splits `prefix.kind.<parameter>` into kind and parameter name (which may itself hold dots),
/// for the given kinds; throws for any other entry or an unknown parameter.
func parseStateKey(_ key: String, prefix: String, kinds: [String],
                   parameters: [String: Parameter]) throws -> (kind: String, parameter: Parameter) {
    for kind in kinds {
        let head = "\(prefix).\(kind)."
        guard key.hasPrefix(head) else { continue }
        let name = String(key.dropFirst(head.count))
        guard let parameter = parameters[name] else {
            throw OptimizerStateError.unknownParameter(entry: key, parameter: name)
        }
        return (kind, parameter)
    }
    throw OptimizerStateError.unknownEntry(entry: key, expected: kinds.map { "\(prefix).\($0).<parameter>" })
}
