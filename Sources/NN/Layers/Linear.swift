/// Fully connected layer y = x·Wᵀ + b (PyTorch's layout: weight [out, in]; Caffe's InnerProduct
/// stores the same [out, in]). Input [N, in] or any [N, ...] whose trailing size is `in`.
public final class Linear: Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let inputFeatures: Int, outputFeatures: Int
    private var cachedInput: Tensor?

    public init(inputFeatures: Int, outputFeatures: Int, bias: Bool = true, name: String = "linear",
                generator: inout SeededGenerator) {
        self.inputFeatures = inputFeatures
        self.outputFeatures = outputFeatures
        weight = .uniform(name: "\(name).weight", shape: [outputFeatures, inputFeatures], fanIn: inputFeatures,
                          generator: &generator)
        self.bias = bias ? .uniform(name: "\(name).bias", shape: [outputFeatures], fanIn: inputFeatures,
                                    generator: &generator) : nil
    }

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let batch = x.shape.first ?? 0
        precondition(x.rank >= 2 && x.count == batch * inputFeatures,
                     "\(weight.name): expected input [N, \(inputFeatures)], found \(x.shape)")
        if mode == .training { cachedInput = x }
        var y = Tensor(uninitializedShape: [batch, outputFeatures])
        x.withUnsafeBufferPointer { xp in
            weight.value.withUnsafeBufferPointer { wp in
                y.withUnsafeMutableBufferPointer { yp in
                    var beta: Float = 0
                    if let bias {   // start from the bias in every row, then accumulate
                        bias.value.withUnsafeBufferPointer { bp in
                            for n in 0..<batch {
                                (yp.baseAddress! + n * outputFeatures).update(from: bp.baseAddress!, count: outputFeatures)
                            }
                        }
                        beta = 1
                    }
                    sgemm(transB: true, m: batch, n: outputFeatures, k: inputFeatures,
                          a: xp.baseAddress!, b: wp.baseAddress!, beta: beta, c: yp.baseAddress!, parallel: true)
                }
            }
        }
        return y
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let x = requireCached(cachedInput, weight.name)
        let batch = x.shape[0]
        requireShape(dy.shape, [batch, outputFeatures], "\(weight.name).backward dy")
        var dx: Tensor? = nil
        dy.withUnsafeBufferPointer { dyp in
            if !weight.isFrozen {
                // dW [out, in] += dyᵀ [out, N] · x [N, in]
                x.withUnsafeBufferPointer { xp in
                    weight.gradient.withUnsafeMutableBufferPointer { dw in
                        sgemm(transA: true, m: outputFeatures, n: inputFeatures, k: batch,
                              a: dyp.baseAddress!, b: xp.baseAddress!, beta: 1, c: dw.baseAddress!, parallel: true)
                    }
                }
            }
            if let bias, !bias.isFrozen {
                bias.gradient.withUnsafeMutableBufferPointer { db in
                    for n in 0..<batch {
                        let row = dyp.baseAddress! + n * outputFeatures
                        for o in 0..<outputFeatures { db[o] += row[o] }
                    }
                }
            }
            if needsInputGradient {
                // dx [N, in] = dy [N, out] · W [out, in]
                var result = Tensor(uninitializedShape: x.shape)
                weight.value.withUnsafeBufferPointer { wp in
                    result.withUnsafeMutableBufferPointer { dxp in
                        sgemm(m: batch, n: inputFeatures, k: outputFeatures,
                              a: dyp.baseAddress!, b: wp.baseAddress!, c: dxp.baseAddress!, parallel: true)
                    }
                }
                dx = result
            }
        }
        cachedInput = nil
        return dx
    }
}
