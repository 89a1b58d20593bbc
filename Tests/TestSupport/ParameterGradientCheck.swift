import NN

/// Each parameter's gradient, as a backward already left it, against central differences of
/// `loss` (which must not touch the gradients): every element of a small parameter, a seeded
/// sample of `samples` elements of a larger one. Returns one line per mismatch beyond `tolerance`,
/// relative to the larger of 1 and the two values; empty when all agree.
public func parameterGradientMismatches(_ parameters: [Parameter], step: Float, samples: Int = 24, seed: UInt64 = 4,
                                        tolerance: Double = 1e-2, loss: () -> Double) -> [String] {
    var pick = SeededGenerator(seed: seed)
    var failures: [String] = []
    for p in parameters {
        let indices = p.value.count <= samples ? Array(0..<p.value.count)
            : (0..<samples).map { _ in Int(pick.next() % UInt64(p.value.count)) }
        for i in indices {
            let saved = p.value[flat: i]
            p.value[flat: i] = saved + step
            let plus = loss()
            p.value[flat: i] = saved - step
            let minus = loss()
            p.value[flat: i] = saved
            let numeric = (plus - minus) / Double(2 * step), analytic = Double(p.gradient[flat: i])
            if abs(numeric - analytic) > tolerance * max(1, abs(numeric), abs(analytic)) {
                failures.append("\(p.name)[\(i)]: analytic \(analytic), numeric \(numeric)")
            }
        }
    }
    return failures
}
