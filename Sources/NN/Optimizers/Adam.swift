import Foundation

/// Adam as PyTorch's `torch.optim.Adam` computes it (single-tensor path, amsgrad off):
///
///     g ← g + weightDecay · p                     (L2 added to the gradient, not AdamW)
///     m ← m + (1 − β1) · (g − m)
///     v ← β2 · v + (1 − β2) · g²
///     p ← p − lr / (1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε)
///
/// with its own step count t per parameter, so a parameter unfrozen late starts its bias
/// correction at 1, as in PyTorch. State entries: `adam.m.<name>`, `adam.v.<name>` and
/// `adam.step.<name>` ([1], a float as in PyTorch: exact up to 2²⁴ steps).
public final class Adam: Optimizer {
    public var learningRate: Double
    public let beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double

    private struct Moments {
        var m: Tensor
        var v: Tensor
        var step: Int
    }
    private var moments: [String: Moments] = [:]

    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0) {
        precondition(learningRate >= 0 && epsilon >= 0 && weightDecay >= 0,
                     "Adam: learning rate \(learningRate), epsilon \(epsilon), weight decay \(weightDecay) must be ≥ 0")
        precondition((0..<1).contains(beta1) && (0..<1).contains(beta2),
                     "Adam: betas (\(beta1), \(beta2)) must lie in [0, 1)")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public func step(_ parameters: [Parameter]) {
        _ = parametersByName(parameters, "Adam")
        for p in parameters where !p.isFrozen {
            requireShape(p.gradient.shape, p.value.shape, "Adam: gradient of \(p.name)")
            // Moved out of the dictionary so the buffers are uniquely referenced and update in place.
            var entry = moments.removeValue(forKey: p.name)
                ?? Moments(m: Tensor(zeros: p.value.shape), v: Tensor(zeros: p.value.shape), step: 0)
            requireShape(entry.m.shape, p.value.shape, "Adam: moments of \(p.name)")
            entry.step += 1
            update(p, &entry)
            moments[p.name] = entry
        }
    }

    private func update(_ p: Parameter, _ entry: inout Moments) {
        // Scalars in Double as PyTorch's Python floats, rounded to Float where PyTorch does.
        let bias1 = 1 - pow(beta1, Double(entry.step))
        let bias2 = 1 - pow(beta2, Double(entry.step))
        let stepSize = Float(learningRate / bias1)
        let bias2Root = Float(bias2.squareRoot())
        let oneMinusBeta1 = Float(1 - beta1), beta2 = Float(self.beta2), oneMinusBeta2 = Float(1 - self.beta2)
        let epsilon = Float(self.epsilon), decay = Float(weightDecay)

        p.gradient.withUnsafeBufferPointer { g in
            p.value.withUnsafeMutableBufferPointer { x in
                entry.m.withUnsafeMutableBufferPointer { m in
                    entry.v.withUnsafeMutableBufferPointer { v in
                        Parallel.forEachChunk(x.count, minimumChunk: optimizerMinimumChunk) { range in
                            for i in range {
                                let gi = decay == 0 ? g[i] : g[i] + decay * x[i]
                                m[i] += oneMinusBeta1 * (gi - m[i])
                                v[i] = v[i] * beta2 + oneMinusBeta2 * gi * gi
                                let denominator = v[i].squareRoot() / bias2Root + epsilon
                                x[i] += -stepSize * m[i] / denominator
                            }
                        }
                    }
                }
            }
        }
    }

    public var state: [String: Tensor] {
        var state: [String: Tensor] = [:]
        for (name, entry) in moments {
            state["adam.m.\(name)"] = entry.m
            state["adam.v.\(name)"] = entry.v
            state["adam.step.\(name)"] = Tensor(shape: [1], scalars: [Float(entry.step)])
        }
        return state
    }

    public func loadState(_ state: [String: Tensor], for parameters: [Parameter]) throws {
        let byName = parametersByName(parameters, "Adam")
        var found: [String: [String: Tensor]] = [:]   // parameter name → kind → tensor
        for key in state.keys.sorted() {
            let (kind, p) = try parseStateKey(key, prefix: "adam", kinds: ["m", "v", "step"], parameters: byName)
            let tensor = state[key]!
            let expected = kind == "step" ? [1] : p.value.shape
            guard tensor.shape == expected else {
                throw OptimizerStateError.shapeMismatch(entry: key, expected: expected, found: tensor.shape)
            }
            found[p.name, default: [:]][kind] = tensor
        }
        var loaded: [String: Moments] = [:]
        for name in found.keys.sorted() {
            let kinds = found[name]!
            for kind in ["m", "v", "step"] where kinds[kind] == nil {
                throw OptimizerStateError.missingEntry(entry: "adam.\(kind).\(name)")
            }
            let step = kinds["step"]![flat: 0]
            guard step >= 1, step <= 16_777_216, step == step.rounded() else {
                throw OptimizerStateError.invalidStepCount(entry: "adam.step.\(name)", found: step)
            }
            loaded[name] = Moments(m: kinds["m"]!, v: kinds["v"]!, step: Int(step))
        }
        moments = loaded
    }
}
