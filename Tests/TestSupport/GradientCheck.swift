import NN

/// Finite-difference check of a layer's input and parameter gradients.
///
/// Loss = Σ r ⊙ layer(x) with a fixed random r, so dL/dy = r. Each input and parameter scalar is
/// nudged by ±step (central differences, loss summed in Double) and compared with the analytic
/// gradient: pass if |a − n| ≤ tolerance · max(1, |a|, |n|). Returns one line per mismatch (at most
/// `maximumReports`), empty when all agree. Keep inputs away from ReLU and max-pool kinks.
public func gradientMismatches(
    of layer: Layer, input: Tensor, seed: UInt64 = 1,
    step: Float = 1e-2, tolerance: Float = 1e-2, checkInput: Bool = true,
    maximumReports: Int = 10
) -> [String] {
    var generator = SeededGenerator(seed: seed)
    let probe = layer.forward(input, mode: .training)
    let r = Tensor.uniform(shape: probe.shape, low: -1, high: 1, using: &generator)

    func loss(_ x: Tensor) -> Double {
        let y = layer.forward(x, mode: .training)
        var total = 0.0
        for i in 0..<y.count { total += Double(y[flat: i]) * Double(r[flat: i]) }
        return total
    }

    for p in layer.parameters { p.zeroGradient() }
    _ = layer.forward(input, mode: .training)
    let dx = layer.backward(r, needsInputGradient: checkInput)
    let analyticParameters = layer.parameters.map { $0.gradient }

    var reports: [String] = []
    func compare(_ what: String, _ index: Int, analytic: Float, numeric: Double) {
        let a = Double(analytic)
        if abs(a - numeric) > Double(tolerance) * max(1, abs(a), abs(numeric)), reports.count < maximumReports {
            reports.append("\(what)[\(index)]: analytic \(a), numeric \(numeric)")
        }
    }

    if checkInput {
        guard let dx else { return ["backward returned no input gradient"] }
        if dx.shape != input.shape { return ["input gradient shape \(dx.shape) != input shape \(input.shape)"] }
        var x = input
        for i in 0..<x.count {
            let saved = x[flat: i]
            x[flat: i] = saved + step
            let plus = loss(x)
            x[flat: i] = saved - step
            let minus = loss(x)
            x[flat: i] = saved
            compare("input", i, analytic: dx[flat: i], numeric: (plus - minus) / (2 * Double(step)))
        }
    }
    for (p, analytic) in zip(layer.parameters, analyticParameters) {
        if p.isFrozen {
            if analytic.scalars.contains(where: { $0 != 0 }) { reports.append("\(p.name) is frozen but got a gradient") }
            continue
        }
        for i in 0..<p.value.count {
            let saved = p.value[flat: i]
            p.value[flat: i] = saved + step
            let plus = loss(input)
            p.value[flat: i] = saved - step
            let minus = loss(input)
            p.value[flat: i] = saved
            compare(p.name, i, analytic: analytic[flat: i], numeric: (plus - minus) / (2 * Double(step)))
        }
    }
    return reports
}

/// Largest absolute difference between two equally shaped tensors.
public func maximumDifference(_ a: Tensor, _ b: Tensor) -> Float {
    precondition(a.shape == b.shape, "shapes \(a.shape) and \(b.shape) differ")
    var worst: Float = 0
    for i in 0..<a.count { worst = max(worst, abs(a[flat: i] - b[flat: i])) }
    return worst
}
