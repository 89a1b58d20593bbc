/// Transposed 2-D convolution (PyTorch's ConvTranspose2d), sharing Conv2D's kernels in reverse,
/// as Caffe's Deconvolution does: forward is a convolution's data-backward (GEMM with Wᵀ, then
/// col2im) and backward is a convolution's forward (im2col, GEMM) plus the weight GEMM.
///
/// Weight [inC, outC/groups, kH, kW] (PyTorch's layout), bias [outC].
/// Output size: (H − 1)·stride − 2·padding + kernel + outputPadding.
public final class ConvTranspose2D: Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let inputChannels: Int, outputChannels: Int
    public let kernelSize: (Int, Int), stride: (Int, Int), padding: (Int, Int), outputPadding: (Int, Int)
    public let groups: Int

    private let columns = Workspace(), staging = Workspace()
    private var cachedInput: Tensor?

    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1,
                padding: Int = 0, outputPadding: Int = 0, groups: Int = 1, bias: Bool = true,
                name: String = "deconv", generator: inout SeededGenerator) {
        precondition(inputChannels % groups == 0 && outputChannels % groups == 0,
                     "\(name): channels \(inputChannels)->\(outputChannels) do not split into \(groups) groups")
        precondition(outputPadding < max(stride, 1), "\(name): output padding must be smaller than the stride")
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernelSize = (kernelSize, kernelSize)
        self.stride = (stride, stride)
        self.padding = (padding, padding)
        self.outputPadding = (outputPadding, outputPadding)
        self.groups = groups
        // PyTorch's default for ConvTranspose2d: fan-in is weight.size(1) * kH * kW.
        let fanIn = outputChannels / groups * kernelSize * kernelSize
        let bound = 1 / Float(fanIn).squareRoot()
        weight = Parameter(name: "\(name).weight",
                           value: .uniform(shape: [inputChannels, outputChannels / groups, kernelSize, kernelSize],
                                           low: -bound, high: bound, using: &generator))
        self.bias = bias ? Parameter(name: "\(name).bias",
                                     value: .uniform(shape: [outputChannels], low: -bound, high: bound,
                                                     using: &generator)) : nil
    }

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    /// The convolution that maps this layer's output back to its input: its "input" is our output.
    public func geometry(forInput shape: [Int]) -> ConvGeometry {
        precondition(shape.count == 4 && shape[1] == inputChannels,
                     "\(weight.name): expected input [N, \(inputChannels), H, W], found \(shape)")
        let outH = (shape[2] - 1) * stride.0 - 2 * padding.0 + kernelSize.0 + outputPadding.0
        let outW = (shape[3] - 1) * stride.1 - 2 * padding.1 + kernelSize.1 + outputPadding.1
        return ConvGeometry(channels: outputChannels, height: outH, width: outW,
                            kernel: kernelSize, stride: stride, padding: padding, groups: groups,
                            output: (shape[2], shape[3]))
    }

    public func outputShape(forInput shape: [Int]) -> [Int] {
        let g = geometry(forInput: shape)
        return [shape[0], outputChannels, g.height, g.width]
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let g = geometry(forInput: x.shape)
        let batch = x.shape[0], plane = g.outputPlane          // plane: the input's H·W
        let inPerGroup = inputChannels / groups, rows = g.rowsPerGroup
        if mode == .training { cachedInput = x }
        var y = Tensor(uninitializedShape: [batch, outputChannels, g.height, g.width])
        let chunk = ConvChunking.imagesPerChunk(batch: batch, plane: plane, columnRows: g.columnRows)

        x.withUnsafeBufferPointer { xp in
            weight.value.withUnsafeBufferPointer { wp in
                y.withUnsafeMutableBufferPointer { yBuffer in
                    let yBase = yBuffer.baseAddress!
                    for start in Swift.stride(from: 0, to: batch, by: chunk) {
                        let images = min(chunk, batch - start)
                        let width = images * plane
                        let xChunk = xp.baseAddress! + start * inputChannels * plane
                        columns.withBuffer(count: g.columnRows * width) { cols in
                            let run = { (X: UnsafePointer<Float>) in    // [inC, width]
                                for group in 0..<self.groups {
                                    sgemm(transA: true, m: rows, n: width, k: inPerGroup,
                                          a: wp.baseAddress! + group * inPerGroup * rows,
                                          b: X + group * inPerGroup * width,
                                          c: cols + group * rows * width)
                                }
                            }
                            if images == 1 {
                                run(xChunk)
                            } else {
                                staging.withBuffer(count: inputChannels * width) { stage in
                                    ChannelMajor.gather(xChunk, images: images, channels: inputChannels,
                                                        plane: plane, into: stage)
                                    run(stage)
                                }
                            }
                            g.col2im(cols, images: images, into: yBase + start * outputChannels * g.inputPlane)
                        }
                    }
                    if let bias {
                        bias.value.withUnsafeBufferPointer { bp in
                            ChannelBias.add(bp.baseAddress!, to: yBase, images: batch,
                                            channels: outputChannels, plane: g.inputPlane)
                        }
                    }
                }
            }
        }
        return y
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let x = requireCached(cachedInput, weight.name)
        let g = geometry(forInput: x.shape)
        let batch = x.shape[0], plane = g.outputPlane
        requireShape(dy.shape, [batch, outputChannels, g.height, g.width], "\(weight.name).backward dy")
        let inPerGroup = inputChannels / groups, rows = g.rowsPerGroup
        let needsWeightGradient = !weight.isFrozen
        let chunk = ConvChunking.imagesPerChunk(batch: batch, plane: plane, columnRows: g.columnRows)
        var dx: Tensor? = needsInputGradient ? Tensor(uninitializedShape: x.shape) : nil

        dy.withUnsafeBufferPointer { dyp in
            if let bias, !bias.isFrozen {
                bias.gradient.withUnsafeMutableBufferPointer { db in
                    ChannelBias.accumulateGradient(dyp.baseAddress!, into: db.baseAddress!, images: batch,
                                                   channels: outputChannels, plane: g.inputPlane)
                }
            }
            guard needsWeightGradient || needsInputGradient else { return }
            x.withUnsafeBufferPointer { xp in
                for start in Swift.stride(from: 0, to: batch, by: chunk) {
                    let images = min(chunk, batch - start)
                    let width = images * plane
                    columns.withBuffer(count: g.columnRows * width) { cols in
                        g.im2col(dyp.baseAddress! + start * outputChannels * g.inputPlane, images: images, columns: cols)
                        staging.withBuffer(count: inputChannels * width) { stage in
                            let xChunk = xp.baseAddress! + start * inputChannels * plane
                            if needsWeightGradient {
                                // dW_g [inC/g, rows] += X_g [inC/g, width] · cols_gᵀ
                                let X: UnsafePointer<Float>
                                if images == 1 {
                                    X = xChunk
                                } else {
                                    ChannelMajor.gather(xChunk, images: images, channels: inputChannels,
                                                        plane: plane, into: stage)
                                    X = UnsafePointer(stage)
                                }
                                weight.gradient.withUnsafeMutableBufferPointer { dw in
                                    for group in 0..<groups {
                                        sgemm(transB: true, m: inPerGroup, n: rows, k: width,
                                              a: X + group * inPerGroup * width,
                                              b: cols + group * rows * width,
                                              beta: 1, c: dw.baseAddress! + group * inPerGroup * rows)
                                    }
                                }
                            }
                            if needsInputGradient {
                                // dX_g [inC/g, width] = W_g [inC/g, rows] · cols_g
                                dx!.withUnsafeMutableBufferPointer { dxp in
                                    let dxChunk = dxp.baseAddress! + start * inputChannels * plane
                                    let out = images == 1 ? dxChunk : stage
                                    weight.value.withUnsafeBufferPointer { wp in
                                        for group in 0..<groups {
                                            sgemm(m: inPerGroup, n: width, k: rows,
                                                  a: wp.baseAddress! + group * inPerGroup * rows,
                                                  b: cols + group * rows * width,
                                                  c: out + group * inPerGroup * width)
                                        }
                                    }
                                    if images > 1 {
                                        ChannelMajor.scatter(stage, images: images, channels: inputChannels,
                                                             plane: plane, into: dxChunk)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        cachedInput = nil
        return dx
    }
}
