/// Stochastic gradient descent as PyTorch's `torch.optim.SGD` computes it (dampening 0, no
/// Nesterov):
///
///     g ← g + weightDecay · p
///     b ← g on a parameter's first step, else momentum · b + g      (only when momentum ≠ 0)
///     p ← p − lr · b   (or p − lr · g without momentum)
///
/// State entries: `sgd.momentum.<name>`, one buffer per parameter when momentum ≠ 0.
public final class SGD: Optimizer {
    public var learningRate: Double
    public let momentum: Double, weightDecay: Double

    private var buffers: [String: Tensor] = [:]

    public init(learningRate: Double, momentum: Double = 0, weightDecay: Double = 0) {
        precondition(learningRate >= 0 && momentum >= 0 && weightDecay >= 0,
                     "SGD: learning rate \(learningRate), momentum \(momentum), weight decay \(weightDecay) must be ≥ 0")
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    public func step(_ parameters: [Parameter]) {
        _ = parametersByName(parameters, "SGD")
        for p in parameters where !p.isFrozen {
            requireShape(p.gradient.shape, p.value.shape, "SGD: gradient of \(p.name)")
            if momentum == 0 {
                update(p, buffer: nil, isFirstStep: false)
                continue
            }
            // Moved out of the dictionary so the buffer is uniquely referenced and updates in place.
            let existing = buffers.removeValue(forKey: p.name)
            var buffer = existing ?? Tensor(uninitializedShape: p.value.shape)
            requireShape(buffer.shape, p.value.shape, "SGD: momentum buffer of \(p.name)")
            buffer.withUnsafeMutableBufferPointer { b in
                update(p, buffer: b, isFirstStep: existing == nil)
            }
            buffers[p.name] = buffer
        }
    }

    private func update(_ p: Parameter, buffer b: UnsafeMutableBufferPointer<Float>?, isFirstStep: Bool) {
        let rate = Float(-learningRate), momentum = Float(self.momentum), decay = Float(weightDecay)
        p.gradient.withUnsafeBufferPointer { g in
            p.value.withUnsafeMutableBufferPointer { x in
                Parallel.forEachChunk(x.count, minimumChunk: optimizerMinimumChunk) { range in
                    for i in range {
                        var d = decay == 0 ? g[i] : g[i] + decay * x[i]
                        if let b {
                            b[i] = isFirstStep ? d : b[i] * momentum + d
                            d = b[i]
                        }
                        x[i] += rate * d
                    }
                }
            }
        }
    }

    public var state: [String: Tensor] {
        var state: [String: Tensor] = [:]
        for (name, buffer) in buffers { state["sgd.momentum.\(name)"] = buffer }
        return state
    }

    public func loadState(_ state: [String: Tensor], for parameters: [Parameter]) throws {
        let byName = parametersByName(parameters, "SGD")
        var loaded: [String: Tensor] = [:]
        for key in state.keys.sorted() {
            // Without momentum SGD keeps no state, so any entry is foreign.
            let (_, p) = try parseStateKey(key, prefix: "sgd", kinds: momentum == 0 ? [] : ["momentum"],
                                           parameters: byName)
            let tensor = state[key]!
            guard tensor.shape == p.value.shape else {
                throw OptimizerStateError.shapeMismatch(entry: key, expected: p.value.shape, found: tensor.shape)
            }
            loaded[p.name] = tensor
        }
        buffers = loaded
    }
}
