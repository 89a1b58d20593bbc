import NN
import PerceptualLoss

/// The perceptual loss's gradient with respect to the reconstruction against central differences,
/// at `samples` pixels drawn from `generator`.
///
/// The loss is summed from float32 features: its rounding, divided by 2·step, swamped gradients of
/// 4e-3 at step 1e-3, and still leaves up to 4e-4 of noise at 1e-2 (`noise`). At 1e-2 a ReLU or
/// max-pool can switch inside the step; such a kink shows as one-sided slopes that disagree by
/// more than `kinkTolerance` (relative), and that pixel has no derivative to check.
/// Returns the mismatches and how many pixels were compared.
func inputGradientMismatches(of loss: PerceptualLoss, reconstruction: Tensor, target: Tensor, samples: Int,
                             kinkTolerance: Double, generator: inout SeededGenerator) throws
    -> (failures: [String], compared: Int) {
    var x = reconstruction
    let analytic = try loss.evaluate(reconstruction: x, target: target).gradient!
    precondition(analytic.shape == x.shape, "gradient \(analytic.shape) for an input \(x.shape)")
    let step: Float = 1e-2, noise = 5e-4
    let centre = try loss.evaluate(reconstruction: x, target: target, needsGradient: false).total
    var failures: [String] = [], compared = 0
    for _ in 0..<samples {
        let i = Int(generator.next() % UInt64(x.count))
        let saved = x[flat: i]
        x[flat: i] = saved + step
        let plus = try loss.evaluate(reconstruction: x, target: target, needsGradient: false).total
        x[flat: i] = saved - step
        let minus = try loss.evaluate(reconstruction: x, target: target, needsGradient: false).total
        x[flat: i] = saved
        let numeric = (plus - minus) / Double(2 * step), a = Double(analytic[flat: i])
        let scale = max(1e-3, abs(numeric), abs(a))
        let forwardSlope = (plus - centre) / Double(step), backwardSlope = (centre - minus) / Double(step)
        if abs(forwardSlope - backwardSlope) > kinkTolerance * scale { continue }
        compared += 1
        if abs(numeric - a) > 2e-2 * scale + noise { failures.append("x[\(i)]: analytic \(a), numeric \(numeric)") }
    }
    return (failures, compared)
}
