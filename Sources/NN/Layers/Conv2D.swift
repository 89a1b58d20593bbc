/// 2-D convolution (cross-correlation, as Caffe and PyTorch define it) by im2col + sgemm.
///
/// Weight [outC, inC/groups, kH, kW] (OIHW, loads Caffe and torchvision weights as they are),
/// bias [outC]. A `BatchPlan` spreads the images over the cores; each chunk of images is one
/// im2col and one GEMM per group. Input planes no larger than the kernel skip im2col in inference
/// and with frozen weights: `UnrolledConvolution` makes the whole batch one GEMM.
public final class Conv2D: Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let inputChannels: Int, outputChannels: Int
    public let kernelSize: (Int, Int), stride: (Int, Int), padding: (Int, Int)
    public let groups: Int

    private let workspaces = WorkerWorkspaces()
    private var cachedInputShape: [Int]?
    /// The whole batch's columns from the training forward, kept only when the weight trains.
    private var cachedColumns: [Float] = []
    /// For input planes no larger than the kernel: the weights as one dense matrix, kept while
    /// the weights and the geometry stay the same (a frozen loss network builds it once).
    private var unrolled: UnrolledConvolution?

    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1,
                padding: Int = 0, groups: Int = 1, bias: Bool = true, name: String = "conv",
                generator: inout SeededGenerator) {
        precondition(inputChannels % groups == 0 && outputChannels % groups == 0,
                     "\(name): channels \(inputChannels)->\(outputChannels) do not split into \(groups) groups")
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernelSize = (kernelSize, kernelSize)
        self.stride = (stride, stride)
        self.padding = (padding, padding)
        self.groups = groups
        let fanIn = inputChannels / groups * kernelSize * kernelSize
        weight = .uniform(name: "\(name).weight", shape: [outputChannels, inputChannels / groups, kernelSize, kernelSize],
                          fanIn: fanIn, generator: &generator)
        self.bias = bias ? .uniform(name: "\(name).bias", shape: [outputChannels], fanIn: fanIn, generator: &generator) : nil
    }

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    public func geometry(forInput shape: [Int]) -> ConvGeometry {
        precondition(shape.count == 4 && shape[1] == inputChannels,
                     "\(weight.name): expected input [N, \(inputChannels), H, W], found \(shape)")
        return ConvGeometry(channels: inputChannels, height: shape[2], width: shape[3],
                            kernel: kernelSize, stride: stride, padding: padding, groups: groups)
    }

    public func outputShape(forInput shape: [Int]) -> [Int] {
        let g = geometry(forInput: shape)
        return [shape[0], outputChannels, g.outputHeight, g.outputWidth]
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let g = geometry(forInput: x.shape)
        let batch = x.shape[0], plane = g.outputPlane
        let outPerGroup = outputChannels / groups, rows = g.rowsPerGroup
        // An inference forward (e.g. a loss target) leaves the training cache alone.
        let keepColumns = mode == .training && !weight.isFrozen
        if mode == .training {
            cachedInputShape = x.shape
            cachedColumns = []
        }
        var y = Tensor(uninitializedShape: [batch, outputChannels, g.outputHeight, g.outputWidth])
        if !keepColumns, let unrolled = unrolledConvolution(g) {
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer {
                    unrolled.forward(xp.baseAddress!, images: batch, bias: bias?.value.scalars ?? [], into: $0.baseAddress!)
                }
            }
            return y
        }
        let plan = BatchPlan(batch: batch, geometry: g)
        // With one image per chunk and one group, the GEMM's [outC, plane] result already is the
        // image's NCHW output: it is written to y directly, the bias folded in as one more column
        // of the weights against a row of ones under the columns. Staging the result and adding the
        // bias on the way to y made enc1's forward 2-13% slower (min of 60, alternating builds); a
        // beta-1 GEMM over a bias-filled y, 15% (OpenBLAS's small-matrix kernels are fastest with beta 0).
        let direct = groups == 1 && plan.imagesPerChunk == 1
        let foldsBias = direct && bias != nil
        let depth = foldsBias ? rows + 1 : rows           // of each group's GEMM
        let columnRows = g.columnRows + depth - rows       // per image, kept columns included
        let a = foldsBias ? weightsBesideBias(rows: rows) : weight.value.scalars
        if keepColumns {
            // Not zero-filled: im2col writes every column of every chunk.
            let count = columnRows * batch * plane
            cachedColumns = [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        }
        // Task-local: read here, not on the workers. All rows when the image's columns fit the budget.
        let blockRows = ConvChunking.rowsPerBlock(g)
        workspaces.prepare(plan.workers)

        x.withUnsafeBufferPointer { xp in
        a.withUnsafeBufferPointer { ap in
        y.withUnsafeMutableBufferPointer { yBuffer in
        cachedColumns.withUnsafeMutableBufferPointer { kept in
            let (xBase, aBase, yBase) = (xp.baseAddress!, ap.baseAddress!, yBuffer.baseAddress!)
            let biasValues = bias?.value.scalars ?? []
            /// c ← A · cols for `n` columns, per group; where the bias is folded, the ones row under
            /// the columns is written first.
            func multiply(_ cols: UnsafeMutablePointer<Float>, columns n: Int, into c: UnsafeMutablePointer<Float>, ldc: Int) {
                if foldsBias { ScalarRuns.fill(cols + g.columnRows * n, with: 1, count: n) }
                for group in 0..<groups {
                    sgemm(m: outPerGroup, n: n, k: depth,
                          a: aBase + group * outPerGroup * depth, b: cols + group * rows * n,
                          c: c + group * outPerGroup * ldc, ldc: ldc, parallel: plan.splitsGEMMs)
                }
            }
            plan.run { worker, images in
                let width = images.count * plane
                let space = workspaces[worker]
                let xChunk = xBase + images.lowerBound * g.channels * g.inputPlane
                let yChunk = yBase + images.lowerBound * outputChannels * plane
                if !keepColumns, images.count == 1, blockRows < g.outputHeight {
                    // One large image: blocks of output rows, each GEMM writing its rows of y in place.
                    let cols = space.columns.buffer(count: columnRows * blockRows * g.outputWidth)
                    for first in Swift.stride(from: 0, to: g.outputHeight, by: blockRows) {
                        let rowsRange = first..<min(first + blockRows, g.outputHeight)
                        let n = rowsRange.count * g.outputWidth
                        g.im2col(xChunk, images: 1, columns: cols, outputRows: rowsRange)
                        let c = yChunk + first * g.outputWidth
                        multiply(cols, columns: n, into: c, ldc: plane)
                        if !foldsBias { ChannelBias.add(biasValues, to: c, columns: n, rowStride: plane) }
                    }
                    return
                }
                let cols = keepColumns ? kept.baseAddress! + images.lowerBound * columnRows * plane
                    : space.columns.buffer(count: columnRows * width)
                g.im2col(xChunk, images: images.count, columns: cols)
                if direct {
                    multiply(cols, columns: width, into: yChunk, ldc: plane)
                } else {
                    // [outC, images · plane]: staged, and scattered to NCHW with the bias added.
                    let out = space.staging.buffer(count: outputChannels * width)
                    multiply(cols, columns: width, into: out, ldc: width)
                    ChannelMajor.scatter(out, images: images.count, channels: outputChannels, plane: plane,
                                         into: yChunk, adding: biasValues)
                }
            }
        }
        }
        }
        }
        return y
    }

    /// [outC, rows + 1]: each output channel's weights followed by its bias (one group).
    private func weightsBesideBias(rows: Int) -> [Float] {
        let w = weight.value.scalars, b = bias!.value.scalars
        return [Float](unsafeUninitializedCapacity: outputChannels * (rows + 1)) { buffer, initialized in
            for o in 0..<outputChannels {
                for r in 0..<rows { buffer[o * (rows + 1) + r] = w[o * rows + r] }
                buffer[o * (rows + 1) + rows] = b[o]
            }
            initialized = outputChannels * (rows + 1)
        }
    }

    /// The unrolled weights for geometry g, built or rebuilt as needed; nil where unrolling does
    /// not pay (see `UnrolledConvolution.applies`).
    private func unrolledConvolution(_ g: ConvGeometry) -> UnrolledConvolution? {
        guard UnrolledConvolution.applies(to: g, outputChannels: outputChannels) else { return nil }
        if let unrolled, unrolled.geometry == g, unrolled.weights == weight.value.scalars { return unrolled }
        unrolled = UnrolledConvolution(weights: weight.value.scalars, geometry: g, outputChannels: outputChannels)
        return unrolled
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let inputShape = requireCached(cachedInputShape, weight.name)
        let g = geometry(forInput: inputShape)
        let batch = inputShape[0], plane = g.outputPlane
        // Rows per image of the kept columns: im2col's, and the ones row where the forward folded the bias.
        let keptRows = cachedColumns.count / max(1, batch * plane)
        requireShape(dy.shape, [batch, outputChannels, g.outputHeight, g.outputWidth], "\(weight.name).backward dy")
        let outPerGroup = outputChannels / groups, rows = g.rowsPerGroup
        let needsWeightGradient = !weight.isFrozen
        precondition(!needsWeightGradient || !cachedColumns.isEmpty,
                     "\(weight.name): weight was unfrozen between forward and backward")
        let plan = BatchPlan(batch: batch, geometry: g)
        workspaces.prepare(plan.workers)
        var dx = Tensor(uninitializedShape: needsInputGradient ? inputShape : [0])

        dy.withUnsafeBufferPointer { dyp in
            if let bias, !bias.isFrozen {
                bias.gradient.withUnsafeMutableBufferPointer { db in
                    ChannelBias.accumulateGradient(dyp.baseAddress!, into: db.baseAddress!, images: batch,
                                                   channels: outputChannels, plane: plane)
                }
            }
            guard needsWeightGradient || needsInputGradient else { return }
            if !needsWeightGradient, let unrolled = unrolledConvolution(g) {
                dx.withUnsafeMutableBufferPointer { unrolled.inputGradient(dyp.baseAddress!, images: batch, into: $0.baseAddress!) }
                return
            }
            let weightCount = weight.value.count
            weight.value.withUnsafeBufferPointer { wp in
            dx.withUnsafeMutableBufferPointer { dxp in
            cachedColumns.withUnsafeBufferPointer { kept in
                let (dyBase, wBase) = (dyp.baseAddress!, wp.baseAddress!)
                plan.run { worker, images in
                    let width = images.count * plane
                    let space = workspaces[worker]
                    let dY = ChannelMajor.chunk(dyBase, images: images, channels: outputChannels, plane: plane,
                                                stage: space.staging)      // [outC, width]
                    if needsWeightGradient {
                        // dW_g [outC/g, rows] += dY_g · cols_gᵀ, into this worker's partial sum
                        let cols = kept.baseAddress! + images.lowerBound * keptRows * plane
                        let dW = space.partialWeightGradient(count: weightCount, firstUse: images == plan.chunks[worker][0])
                        for group in 0..<groups {
                            sgemm(transB: true, m: outPerGroup, n: rows, k: width,
                                  a: dY + group * outPerGroup * width, b: cols + group * rows * width,
                                  beta: 1, c: dW + group * outPerGroup * rows, parallel: plan.splitsGEMMs)
                        }
                    }
                    if needsInputGradient {
                        // dcols_g [rows, width] = W_gᵀ · dY_g, then col2im
                        let dcols = space.columns.buffer(count: g.columnRows * width)
                        for group in 0..<groups {
                            sgemm(transA: true, m: rows, n: width, k: outPerGroup,
                                  a: wBase + group * outPerGroup * rows, b: dY + group * outPerGroup * width,
                                  c: dcols + group * rows * width, parallel: plan.splitsGEMMs)
                        }
                        g.col2im(dcols, images: images.count, into: dxp.baseAddress! + images.lowerBound * g.channels * g.inputPlane)
                    }
                }
            }
            }
            }
            if needsWeightGradient { workspaces.addPartialWeightGradients(into: weight, workers: plan.workers) }
        }
        cachedColumns = []
        return needsInputGradient ? dx : nil
    }
}
