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

    private let workspaces = WorkerWorkspaces()
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
        weight = .uniform(name: "\(name).weight", shape: [inputChannels, outputChannels / groups, kernelSize, kernelSize],
                          fanIn: fanIn, generator: &generator)
        self.bias = bias ? .uniform(name: "\(name).bias", shape: [outputChannels], fanIn: fanIn, generator: &generator) : nil
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
        let plan = BatchPlan(batch: batch, geometry: g)
        workspaces.prepare(plan.workers)

        x.withUnsafeBufferPointer { xp in
        weight.value.withUnsafeBufferPointer { wp in
        y.withUnsafeMutableBufferPointer { yBuffer in
            let (xBase, wBase, yBase) = (xp.baseAddress!, wp.baseAddress!, yBuffer.baseAddress!)
            let biasValues = bias?.value.scalars ?? []
            plan.run { worker, images in
                let width = images.count * plane
                let space = workspaces[worker]
                let X = ChannelMajor.chunk(xBase, images: images, channels: inputChannels, plane: plane, stage: space.staging)  // [inC, width]
                // cols_g [rows, width] = W_gᵀ · X_g, then col2im sums the windows into the output
                let cols = space.columns.buffer(count: g.columnRows * width)
                for group in 0..<groups {
                    sgemm(transA: true, m: rows, n: width, k: inPerGroup,
                          a: wBase + group * inPerGroup * rows, b: X + group * inPerGroup * width,
                          c: cols + group * rows * width, parallel: plan.splitsGEMMs)
                }
                let yChunk = yBase + images.lowerBound * outputChannels * g.inputPlane
                g.col2im(cols, images: images.count, into: yChunk, adding: biasValues)
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
        let plan = BatchPlan(batch: batch, geometry: g)
        workspaces.prepare(plan.workers)
        var dx = Tensor(uninitializedShape: needsInputGradient ? x.shape : [0])

        dy.withUnsafeBufferPointer { dyp in
            if let bias, !bias.isFrozen {
                bias.gradient.withUnsafeMutableBufferPointer { db in
                    ChannelBias.accumulateGradient(dyp.baseAddress!, into: db.baseAddress!, images: batch,
                                                   channels: outputChannels, plane: g.inputPlane)
                }
            }
            guard needsWeightGradient || needsInputGradient else { return }
            let weightCount = weight.value.count
            x.withUnsafeBufferPointer { xp in
            weight.value.withUnsafeBufferPointer { wp in
            dx.withUnsafeMutableBufferPointer { dxp in
                let (dyBase, xBase, wBase) = (dyp.baseAddress!, xp.baseAddress!, wp.baseAddress!)
                plan.run { worker, images in
                    let width = images.count * plane
                    let space = workspaces[worker]
                    // The convolution's forward: cols = im2col(dy)
                    let cols = space.columns.buffer(count: g.columnRows * width)
                    g.im2col(dyBase + images.lowerBound * outputChannels * g.inputPlane, images: images.count, columns: cols)
                    if needsWeightGradient {
                        // dW_g [inC/g, rows] += X_g [inC/g, width] · cols_gᵀ
                        let X = ChannelMajor.chunk(xBase, images: images, channels: inputChannels, plane: plane, stage: space.staging)
                        let dW = space.partialWeightGradient(count: weightCount, firstUse: images == plan.chunks[worker][0])
                        for group in 0..<groups {
                            sgemm(transB: true, m: inPerGroup, n: rows, k: width,
                                  a: X + group * inPerGroup * width, b: cols + group * rows * width,
                                  beta: 1, c: dW + group * inPerGroup * rows, parallel: plan.splitsGEMMs)
                        }
                    }
                    if needsInputGradient {
                        // dX_g [inC/g, width] = W_g [inC/g, rows] · cols_g
                        let dxChunk = dxp.baseAddress! + images.lowerBound * inputChannels * plane
                        let out = images.count == 1 ? dxChunk : space.staging.buffer(count: inputChannels * width)
                        for group in 0..<groups {
                            sgemm(m: inPerGroup, n: width, k: rows,
                                  a: wBase + group * inPerGroup * rows, b: cols + group * rows * width,
                                  c: out + group * inPerGroup * width, parallel: plan.splitsGEMMs)
                        }
                        if images.count > 1 {
                            ChannelMajor.scatter(out, images: images.count, channels: inputChannels, plane: plane, into: dxChunk)
                        }
                    }
                }
            }
            }
            }
            if needsWeightGradient { workspaces.addPartialWeightGradients(into: weight, workers: plan.workers) }
        }
        cachedInput = nil
        return needsInputGradient ? dx : nil
    }
}
