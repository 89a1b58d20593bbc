/// One step of a feed-forward network with its hand-written backward.
public protocol Layer: AnyObject {
    /// y = f(x). In `.training`, keeps what backward needs (input, mask, im2col columns).
    func forward(_ x: Tensor, mode: Mode) -> Tensor
    /// Given dL/dy of the last training forward: adds dL/dθ into each unfrozen parameter's
    /// gradient and returns dL/dx, or nil when `needsInputGradient` is false.
    func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor?
    /// Explicit list of parameters (no reflection); empty for parameter-free layers.
    var parameters: [Parameter] { get }
    /// State that is saved with the weights but not trained (BatchNorm's running statistics).
    var buffers: [Parameter] { get }
}

extension Layer {
    public var parameters: [Parameter] { [] }
    public var buffers: [Parameter] { [] }

    public func freeze() { for p in parameters { p.isFrozen = true } }
}

/// Checks the programmer contract between a cached forward and its backward.
@inline(__always)
public func requireCached<T>(_ value: T?, _ layer: String) -> T {
    guard let value else { preconditionFailure("\(layer).backward called without a training forward") }
    return value
}

@inline(__always)
public func requireShape(_ found: [Int], _ expected: [Int], _ what: @autoclosure () -> String) {
    precondition(found == expected, "\(what()): expected shape \(expected), found \(found)")
}
