import NN

/// Uniform values with magnitudes in [margin, margin + 1) and random signs, so no value lies
/// within `margin` of the ReLU kink at zero (a finite-difference step must stay below `margin`).
public func uniformAwayFromZero(shape: [Int], margin: Float = 0.1, seed: UInt64) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    let count = shape.reduce(1, *)
    let scalars = (0..<count).map { _ -> Float in
        let magnitude = margin + generator.nextUniform()
        return generator.nextUniform() < 0.5 ? -magnitude : magnitude
    }
    return Tensor(shape: shape, scalars: scalars)
}
