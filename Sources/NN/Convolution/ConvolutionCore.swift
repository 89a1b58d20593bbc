/// The im2col + GEMM work that Conv2D and ConvTranspose2D share, as Caffe's BaseConvolutionLayer
/// does for Convolution and Deconvolution: one batch plan, one set of per-worker workspaces, and
/// the three products of a convolution over them. How the forward product runs is decided in one
/// place, `forwardPath`.
///
/// Everything is named after the convolution of geometry g (for ConvTranspose2D, the convolution
/// it reverses), with C = g.channels, M = `mapChannels` and G = g.groups:
///
///     image   [N][C][H][W]                     g's input: Conv2D's x, ConvTranspose2D's y
///     maps    [N][M][H_out][W_out]             g's output: Conv2D's y, ConvTranspose2D's x
///     weights [M][C/G * kH * kW]               both layers' weight as stored
///     columns [C * kH * kW][images * H_out * W_out]   im2col of a chunk of images
///
///     forward GEMM    maps = W · columns           Conv2D.forward, ConvTranspose2D's input gradient
///     backward GEMM   columns = Wᵀ · maps, col2im  Conv2D's input gradient, ConvTranspose2D.forward
///     weight GEMM     dW += maps · columnsᵀ        both layers' weight gradient
final class ConvolutionCore {
    /// M: Conv2D's output channels, ConvTranspose2D's input channels.
    let mapChannels: Int
    let workspaces = WorkerWorkspaces()
    /// Every image's columns from a training forward, for the weight GEMM of the backward after
    /// it: chunk after chunk, each [keptRows][images · H_out · W_out].
    let keptColumns = Workspace()
    /// Rows per column of `keptColumns` (im2col's, plus the ones row of a folded bias); nil when
    /// nothing is kept.
    private(set) var keptRows: Int?
    /// For planes no larger than the kernel: the weights as one dense matrix, kept while the
    /// weights and the geometry stay the same (a frozen loss network builds it once).
    private var unrolled: UnrolledConvolution?

    init(mapChannels: Int) { self.mapChannels = mapChannels }

    /// A layer's weight [M, C/G, k, k] and bias [biasChannels], initialised as PyTorch does both
    /// layers: U(−1/√fanIn, 1/√fanIn).
    static func parameters(_ name: String, weightShape: [Int], biasChannels: Int?, fanIn: Int,
                           generator: inout SeededGenerator) -> (weight: Parameter, bias: Parameter?) {
        let weight = Parameter.uniform(name: "\(name).weight", shape: weightShape, fanIn: fanIn, generator: &generator)
        let bias = biasChannels.map {
            Parameter.uniform(name: "\(name).bias", shape: [$0], fanIn: fanIn, generator: &generator)
        }
        return (weight, bias)
    }

    /// Checks a layer's input [N, channels, H, W].
    static func requireInput(_ shape: [Int], channels: Int, layer: String) {
        precondition(shape.count == 4 && shape[1] == channels, "\(layer): expected input [N, \(channels), H, W], found \(shape)")
    }

    /// How the forward GEMM runs over a batch.
    enum ForwardPath: Equatable {
        /// W as one dense matrix against the whole batch, no im2col (`UnrolledConvolution`).
        case unrolled
        /// One image at a time, in blocks of output rows whose columns fit the cache budget; each
        /// block's GEMM writes its rows of the maps in place.
        case rowBlocks(rowsPerBlock: Int)
        /// One image per chunk: each group's [M/G][H_out · W_out] product is the image's maps.
        case inPlace
        /// Several images per chunk: the product interleaves them and is scattered to NCHW.
        case staged
    }

    /// The one place that decides how the forward GEMM runs.
    func forwardPath(_ g: ConvGeometry, plan: BatchPlan, keepsColumns: Bool, mayUnroll: Bool) -> ForwardPath {
        // Planes no larger than the kernel make im2col runs of a few scalars; the dense matrix does
        // the same multiply-adds without them. Training keeps columns, so it never unrolls.
        if mayUnroll && !keepsColumns && UnrolledConvolution.applies(to: g, outputChannels: mapChannels) {
            return .unrolled
        }
        // Small planes are grouped until the GEMM has enough columns to run well.
        if plan.imagesPerChunk > 1 { return .staged }
        // A large image's columns would leave the cache between im2col and the GEMM; kept columns
        // must be whole images.
        let rowsPerBlock = ConvChunking.rowsPerBlock(g)
        if !keepsColumns && rowsPerBlock < g.outputHeight { return .rowBlocks(rowsPerBlock: rowsPerBlock) }
        return .inPlace
    }

    /// The plan for a batch, with a workspace ready for each of its workers.
    func gemms(batch: Int, geometry g: ConvGeometry) -> ConvolutionGEMMs {
        let plan = BatchPlan(batch: batch, geometry: g)
        workspaces.prepare(plan.workers)
        return ConvolutionGEMMs(geometry: g, mapChannels: mapChannels, plan: plan)
    }

    /// Conv2D's forward: maps = W · im2col(image) + bias. With `keepColumns`, every image's
    /// columns stay for the next `convolutionBackward`.
    func forward(_ image: Tensor, weights: [Float], bias: [Float], geometry g: ConvGeometry,
                 keepColumns: Bool) -> Tensor {
        let batch = image.shape[0]
        var maps = Tensor(uninitializedShape: [batch, mapChannels, g.outputHeight, g.outputWidth])
        let gemms = gemms(batch: batch, geometry: g)
        let path = forwardPath(g, plan: gemms.plan, keepsColumns: keepColumns, mayUnroll: true)
        // Where one image's GEMM writes its maps in place, the bias rides in the GEMM as one more
        // weight column against a row of ones: cheaper than another pass over the maps, and
        // OpenBLAS's small-matrix kernels run fastest with beta 0. With groups, each group's
        // columns would need a ones row of their own inside im2col's matrix: the bias is added after.
        let foldsBias: Bool
        switch path {
        case .inPlace, .rowBlocks: foldsBias = !bias.isEmpty && g.groups == 1
        case .unrolled, .staged: foldsBias = false
        }
        let a = foldsBias ? Self.weightsBesideBias(weights, bias, rows: g.rowsPerGroup) : weights
        let columnRows = g.columnRows + (foldsBias ? 1 : 0)
        // An inference forward (a loss target between a training forward and its backward)
        // leaves the kept columns alone.
        var kept: UnsafeMutablePointer<Float>?
        if keepColumns {
            keptRows = columnRows
            kept = keptColumns.buffer(count: columnRows * batch * g.outputPlane)
        }
        withBaseAddresses(image.scalars, a, output: &maps.scalars) { inputs, output in
            let operands = ForwardOperands(
                image: inputs[0], weights: inputs[1], depth: g.rowsPerGroup + (foldsBias ? 1 : 0),
                foldsBias: foldsBias, bias: foldsBias ? [] : bias, maps: output.baseAddress!, kept: kept)
            switch path {
            case .unrolled:
                unrolledConvolution(g, weights: weights)!.forward(inputs[0], images: batch, bias: bias, into: output.baseAddress!)
            case .rowBlocks(let rowsPerBlock): forwardInRowBlocks(operands, gemms, rowsPerBlock: rowsPerBlock)
            case .inPlace: forwardInPlace(operands, gemms)
            case .staged: forwardStaged(operands, gemms)
            }
        }
        return maps
    }

    /// ConvTranspose2D's forward: image = col2im(Wᵀ · maps) + bias.
    func backwardData(_ maps: Tensor, weights: [Float], bias: [Float], geometry g: ConvGeometry) -> Tensor {
        let batch = maps.shape[0], plane = g.outputPlane
        var image = Tensor(uninitializedShape: [batch, g.channels, g.height, g.width])
        let gemms = gemms(batch: batch, geometry: g)
        withBaseAddresses(maps.scalars, weights, output: &image.scalars) { inputs, output in
            gemms.plan.run { worker, images in
                let space = workspaces[worker], n = images.count * plane
                // chunk: [M][images · H_out · W_out]
                let chunk = ChannelMajor.chunk(inputs[0], images: images, channels: mapChannels, plane: plane,
                                               stage: space.staging)
                let columns = space.columns.buffer(count: g.columnRows * n)      // [C · kH · kW][n]
                gemms.backward(weights: inputs[1], maps: chunk, n: n, into: columns)
                g.col2im(columns, images: images.count, into: output.baseAddress! + images.lowerBound * g.channels * g.inputPlane,
                         adding: bias)
            }
        }
        return image
    }

    /// Frees the kept columns (a backward has used them, or a new training forward begins).
    func releaseColumns() {
        keptColumns.release()
        keptRows = nil
    }

    /// The unrolled weights for geometry g, built or rebuilt as needed; nil where unrolling does
    /// not pay (see `UnrolledConvolution.applies`).
    func unrolledConvolution(_ g: ConvGeometry, weights: [Float]) -> UnrolledConvolution? {
        guard UnrolledConvolution.applies(to: g, outputChannels: mapChannels) else { return nil }
        if let unrolled, unrolled.geometry == g, unrolled.weights == weights { return unrolled }
        unrolled = UnrolledConvolution(weights: weights, geometry: g, outputChannels: mapChannels)
        return unrolled
    }

    /// [M][rows + 1]: each map channel's weights followed by its bias (one group).
    private static func weightsBesideBias(_ weights: [Float], _ bias: [Float], rows: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: bias.count * (rows + 1)) { buffer, initialized in
            for o in 0..<bias.count {
                for r in 0..<rows { buffer[o * (rows + 1) + r] = weights[o * rows + r] }
                buffer[o * (rows + 1) + rows] = bias[o]
            }
            initialized = bias.count * (rows + 1)
        }
    }
}
