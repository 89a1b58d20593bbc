/// Both layers' backward passes: the bias gradient, then per chunk the weight GEMM and the input
/// gradient, the workers' shares of dW summed in worker order (the same sum on every run).
extension ConvolutionCore {
    /// Conv2D's backward, maps gradient dy [N][M][H_out][W_out]: dW += dY · columnsᵀ over the
    /// columns the training forward kept, dx = col2im(Wᵀ · dY). Releases the kept columns.
    func convolutionBackward(_ dy: Tensor, weight: Parameter, bias: Parameter?, geometry g: ConvGeometry,
                             needsInputGradient: Bool) -> Tensor? {
        let batch = dy.shape[0], plane = g.outputPlane
        defer { releaseColumns() }
        accumulateBiasGradient(bias, dy, channels: mapChannels, plane: plane)
        let needsWeightGradient = !weight.isFrozen
        precondition(!needsWeightGradient || keptRows != nil, "\(weight.name): weight was unfrozen between forward and backward")
        guard needsWeightGradient || needsInputGradient else { return nil }
        var dx = Tensor(uninitializedShape: needsInputGradient ? [batch, g.channels, g.height, g.width] : [0])
        // Frozen weights over planes no larger than the kernel: dx = dy · U, one GEMM for the batch.
        if !needsWeightGradient, let unrolled = unrolledConvolution(g, weights: weight.value.scalars) {
            withBaseAddresses(dy.scalars, output: &dx.scalars) { inputs, output in
                unrolled.inputGradient(inputs[0], images: batch, into: output.baseAddress!)
            }
            return dx
        }
        let gemms = gemms(batch: batch, geometry: g)
        let (keptRows, kept) = (keptRows ?? 0, UnsafePointer(keptColumns.buffer(count: 0)))
        withBaseAddresses(dy.scalars, weight.value.scalars, output: &dx.scalars) { inputs, output in
            gemms.plan.run { worker, images in
                let space = workspaces[worker], n = images.count * plane
                // dY: [M][images · H_out · W_out]
                let dY = ChannelMajor.chunk(inputs[0], images: images, channels: mapChannels, plane: plane, stage: space.staging)
                if needsWeightGradient {
                    let columns = kept + images.lowerBound * keptRows * plane  // [keptRows][n]
                    gemms.weight(maps: dY, columns: columns, n: n, into: partialWeightGradient(weight, gemms.plan, worker, images))
                }
                if needsInputGradient {
                    let columns = space.columns.buffer(count: g.columnRows * n)  // [C · kH · kW][n]
                    gemms.backward(weights: inputs[1], maps: dY, n: n, into: columns)
                    g.col2im(columns, images: images.count, into: output.baseAddress! + images.lowerBound * g.channels * g.inputPlane)
                }
            }
        }
        if needsWeightGradient { workspaces.addPartialWeightGradients(into: weight, workers: gemms.plan.workers) }
        return needsInputGradient ? dx : nil
    }

    /// ConvTranspose2D's backward, image gradient dy [N][C][H][W] and maps x [N][M][H_out][W_out]:
    /// columns = im2col(dy) serve both dW += X · columnsᵀ and dx = W · columns.
    func transposedBackward(_ dy: Tensor, maps x: Tensor, weight: Parameter, bias: Parameter?, geometry g: ConvGeometry,
                            needsInputGradient: Bool) -> Tensor? {
        let batch = x.shape[0], plane = g.outputPlane
        accumulateBiasGradient(bias, dy, channels: g.channels, plane: g.inputPlane)
        let needsWeightGradient = !weight.isFrozen
        guard needsWeightGradient || needsInputGradient else { return nil }
        var dx = Tensor(uninitializedShape: needsInputGradient ? x.shape : [0])
        let gemms = gemms(batch: batch, geometry: g)
        // dx is a forward GEMM; columns are needed whole for dW, so never in row blocks.
        let path = forwardPath(g, plan: gemms.plan, keepsColumns: true, mayUnroll: false)
        withBaseAddresses(dy.scalars, x.scalars, weight.value.scalars, output: &dx.scalars) { inputs, output in
            gemms.plan.run { worker, images in
                let space = workspaces[worker], n = images.count * plane
                let columns = space.columns.buffer(count: g.columnRows * n)      // [C · kH · kW][n]
                g.im2col(inputs[0] + images.lowerBound * g.channels * g.inputPlane, images: images.count, columns: columns)
                if needsWeightGradient {
                    // X: [M][images · H_out · W_out]
                    let X = ChannelMajor.chunk(inputs[1], images: images, channels: mapChannels, plane: plane, stage: space.staging)
                    gemms.weight(maps: X, columns: columns, n: n, into: partialWeightGradient(weight, gemms.plan, worker, images))
                }
                guard needsInputGradient else { return }
                let dxChunk = output.baseAddress! + images.lowerBound * mapChannels * plane
                if path == .inPlace {
                    gemms.forward(weights: inputs[2], depth: g.rowsPerGroup, columns: columns, n: n, into: dxChunk, ldc: n)
                } else {
                    gemms.forwardThroughStage(weights: inputs[2], columns: columns, images: images.count,
                                              into: dxChunk, adding: [], stage: space.staging)
                }
            }
        }
        if needsWeightGradient { workspaces.addPartialWeightGradients(into: weight, workers: gemms.plan.workers) }
        return needsInputGradient ? dx : nil
    }

    /// db[c] += Σ dy[n][c][p], unless the bias is absent or frozen.
    private func accumulateBiasGradient(_ bias: Parameter?, _ dy: Tensor, channels: Int, plane: Int) {
        guard let bias, !bias.isFrozen else { return }
        withBaseAddresses(dy.scalars, output: &bias.gradient.scalars) { inputs, db in
            ChannelBias.accumulateGradient(inputs[0], into: db.baseAddress!, images: dy.shape[0], channels: channels, plane: plane)
        }
    }

    /// This worker's share of dW [M][C/G · kH · kW], zeroed at the worker's first chunk.
    private func partialWeightGradient(_ weight: Parameter, _ plan: BatchPlan, _ worker: Int,
                                       _ images: Range<Int>) -> UnsafeMutablePointer<Float> {
        workspaces[worker].partialWeightGradient(count: weight.value.count, firstUse: images == plan.chunks[worker][0])
    }
}
