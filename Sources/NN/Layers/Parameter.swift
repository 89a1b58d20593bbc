/// A trainable (or frozen) tensor with its accumulated gradient.
public final class Parameter {
    /// The weight file's own name, e.g. `conv1.weight` or `features.0.bias`.
    public var name: String
    public var value: Tensor
    public var gradient: Tensor
    /// Frozen parameters keep their values and skip their gradient work.
    public var isFrozen: Bool

    public init(name: String, value: Tensor, isFrozen: Bool = false) {
        self.name = name
        self.value = value
        self.gradient = Tensor(zeros: value.shape)
        self.isFrozen = isFrozen
    }

    /// PyTorch's default initialisation of weights and biases: U(−1/√fanIn, 1/√fanIn).
    public static func uniform(name: String, shape: [Int], fanIn: Int,
                               generator: inout SeededGenerator) -> Parameter {
        let bound = 1 / Float(fanIn).squareRoot()
        return Parameter(name: name, value: .uniform(shape: shape, low: -bound, high: bound, using: &generator))
    }

    public func zeroGradient() {
        gradient.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
}
