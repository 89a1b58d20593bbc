import NN

/// Borthakur & Einhorn's auxiliary task: beside the class logits, one logit from the head's last
/// hidden layer predicts which half of a seeded partition of the classes an example's class is
/// in; the loss is (1 − β)·CE(class) + β·BCE(half).
///
/// Its weights come from their own seed, so adding it leaves the head's initialisation, dropout
/// and batch order as they were: with β = 0 a run is bit for bit the run without it.
public final class BinaryAuxiliaryHead {
    public let weight: Float
    /// Per class of the head, 1 for the classes in the partition's first half, else 0.
    public let targets: [Float]
    public let linear: Linear

    public init(representationWidth: Int, weight: Float, targets: [Float], seed: UInt64) {
        precondition((0...1).contains(weight), "the auxiliary weight β = \(weight) must lie in [0, 1]")
        self.weight = weight
        self.targets = targets
        var generator = SeededGenerator(seed: seed)
        linear = Linear(inputFeatures: representationWidth, outputFeatures: 1, name: "auxiliary", generator: &generator)
    }

    public var parameters: [Parameter] { linear.parameters }
}
