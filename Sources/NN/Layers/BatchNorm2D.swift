/// Batch normalisation over NCHW, per channel, as PyTorch's `BatchNorm2d`.
///
/// `.training` normalises with the batch's mean and biased variance and moves the running
/// statistics towards the batch's mean and unbiased variance by `momentum`; `.inference` uses the
/// running statistics. Parameters `name.weight` (γ, ones) and `name.bias` (β, zeros); buffers
/// `name.running_mean` and `name.running_var`, the names PyTorch's state dict uses.
public final class BatchNorm2D: Layer {
    public let weight: Parameter
    public let bias: Parameter
    public let runningMean: Parameter
    public let runningVariance: Parameter
    public let channels: Int
    public let momentum: Float
    public let epsilon: Float

    // The input shares the caller's storage; x̂ is recomputed in backward instead of stored.
    private var cachedInput: Tensor?
    private var cachedMean: [Float] = []              // [C]
    private var cachedInverseDeviation: [Float] = []  // [C], 1 / sqrt(biased variance + ε)

    public init(channels: Int, momentum: Float = 0.1, epsilon: Float = 1e-5, name: String = "bn") {
        precondition(channels > 0, "\(name): channels must be positive, found \(channels)")
        self.channels = channels
        self.momentum = momentum
        self.epsilon = epsilon
        weight = Parameter(name: "\(name).weight", value: Tensor(repeating: 1, shape: [channels]))
        bias = Parameter(name: "\(name).bias", value: Tensor(zeros: [channels]))
        runningMean = Parameter(name: "\(name).running_mean", value: Tensor(zeros: [channels]), isFrozen: true)
        runningVariance = Parameter(name: "\(name).running_var", value: Tensor(repeating: 1, shape: [channels]),
                                    isFrozen: true)
    }

    public var parameters: [Parameter] { [weight, bias] }
    public var buffers: [Parameter] { [runningMean, runningVariance] }

    private func checkInput(_ shape: [Int]) {
        precondition(shape.count == 4 && shape[1] == channels,
                     "\(weight.name): expected input [N, \(channels), H, W], found \(shape)")
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        checkInput(x.shape)
        let batch = x.shape[0], plane = x.shape[2] * x.shape[3], count = batch * plane
        var scale = [Float](repeating: 0, count: channels), shift = scale
        if mode == .training {
            precondition(count > 1, "\(weight.name): training needs more than one value per channel, found \(x.shape)")
            var mean = scale, variance = scale, inverseDeviation = scale
            x.withUnsafeBufferPointer { xp in
                mean.withUnsafeMutableBufferPointer { meanp in
                    variance.withUnsafeMutableBufferPointer { varp in
                        let source = xp.baseAddress!, means = meanp.baseAddress!, variances = varp.baseAddress!
                        // Two passes in Double per channel: the mean, then the squared deviations.
                        Parallel.forEachChunk(channels) { range in
                            for c in range {
                                var sum = 0.0
                                for n in 0..<batch {
                                    let row = source + (n * self.channels + c) * plane
                                    for p in 0..<plane { sum += Double(row[p]) }
                                }
                                let mu = sum / Double(count)
                                var squares = 0.0
                                for n in 0..<batch {
                                    let row = source + (n * self.channels + c) * plane
                                    for p in 0..<plane { let d = Double(row[p]) - mu; squares += d * d }
                                }
                                means[c] = Float(mu)
                                variances[c] = Float(squares / Double(count))
                            }
                        }
                    }
                }
            }
            let unbiasing = Float(count) / Float(count - 1)
            for c in 0..<channels {
                inverseDeviation[c] = 1 / (variance[c] + epsilon).squareRoot()
                scale[c] = weight.value[flat: c] * inverseDeviation[c]
                shift[c] = bias.value[flat: c] - mean[c] * scale[c]
                runningMean.value[flat: c] = (1 - momentum) * runningMean.value[flat: c] + momentum * mean[c]
                runningVariance.value[flat: c] = (1 - momentum) * runningVariance.value[flat: c]
                    + momentum * variance[c] * unbiasing
            }
            cachedInput = x
            cachedMean = mean
            cachedInverseDeviation = inverseDeviation
        } else {
            for c in 0..<channels {
                scale[c] = weight.value[flat: c] / (runningVariance.value[flat: c] + epsilon).squareRoot()
                shift[c] = bias.value[flat: c] - runningMean.value[flat: c] * scale[c]
            }
        }

        // y = γ (x - μ) / σ + β, folded into y = x · scale + shift.
        var y = Tensor(uninitializedShape: x.shape)
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                let source = xp.baseAddress!, dest = yp.baseAddress!
                Parallel.forEachChunk(batch * channels) { range in
                    for item in range {
                        let a = scale[item % channels], b = shift[item % channels]
                        let input = source + item * plane, out = dest + item * plane
                        for p in 0..<plane { out[p] = input[p] * a + b }
                    }
                }
            }
        }
        return y
    }

    /// With x̂ = (x - μ)σ⁻¹ and m values per channel: dβ = Σ dy, dγ = Σ dy·x̂, and through the
    /// batch statistics dx = γσ⁻¹/m · (m·dy − Σ dy − x̂ · Σ dy·x̂).
    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let x = requireCached(cachedInput, weight.name)
        requireShape(dy.shape, x.shape, "\(weight.name).backward dy")
        cachedInput = nil
        let needsWeightGradient = !weight.isFrozen, needsBiasGradient = !bias.isFrozen
        guard needsInputGradient || needsWeightGradient || needsBiasGradient else { return nil }
        let batch = x.shape[0], plane = x.shape[2] * x.shape[3], count = batch * plane
        let mean = cachedMean, inverseDeviation = cachedInverseDeviation
        var dx: Tensor? = needsInputGradient ? Tensor(uninitializedShape: x.shape) : nil
        var sumDy = [Float](repeating: 0, count: channels), sumDyXhat = sumDy

        x.withUnsafeBufferPointer { xp in
            dy.withUnsafeBufferPointer { dyp in
                sumDy.withUnsafeMutableBufferPointer { sdp in
                    sumDyXhat.withUnsafeMutableBufferPointer { sdxp in
                        let source = xp.baseAddress!, gradient = dyp.baseAddress!
                        let sums = sdp.baseAddress!, products = sdxp.baseAddress!
                        Parallel.forEachChunk(channels) { range in
                            for c in range {
                                let mu = mean[c], inv = inverseDeviation[c]
                                var total = 0.0, weighted = 0.0
                                for n in 0..<batch {
                                    let offset = (n * self.channels + c) * plane
                                    for p in 0..<plane {
                                        let g = Double(gradient[offset + p])
                                        total += g
                                        weighted += g * Double((source[offset + p] - mu) * inv)
                                    }
                                }
                                sums[c] = Float(total)
                                products[c] = Float(weighted)
                            }
                        }
                    }
                }
                guard needsInputGradient else { return }
                let gamma = weight.value
                dx!.withUnsafeMutableBufferPointer { dxp in
                    let source = xp.baseAddress!, gradient = dyp.baseAddress!, dest = dxp.baseAddress!
                    let m = Float(count)
                    Parallel.forEachChunk(batch * channels) { range in
                        for item in range {
                            let c = item % self.channels
                            let mu = mean[c], inv = inverseDeviation[c]
                            let factor = gamma[flat: c] * inv / m, total = sumDy[c], weighted = sumDyXhat[c]
                            let offset = item * plane
                            for p in 0..<plane {
                                let xhat = (source[offset + p] - mu) * inv
                                dest[offset + p] = factor * (m * gradient[offset + p] - total - xhat * weighted)
                            }
                        }
                    }
                }
            }
        }
        for c in 0..<channels {
            if needsWeightGradient { weight.gradient[flat: c] += sumDyXhat[c] }
            if needsBiasGradient { bias.gradient[flat: c] += sumDy[c] }
        }
        return dx
    }
}
