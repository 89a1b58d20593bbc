/// The forward GEMM's paths other than the unrolled one (see `ConvolutionCore.forwardPath`).
extension ConvolutionCore {
    /// What the forward paths read and write.
    struct ForwardOperands {
        /// [N][C][H][W]
        let image: UnsafePointer<Float>
        /// [M][depth], depth = C/G · kH · kW, + 1 where the bias is the last column
        let weights: UnsafePointer<Float>
        let depth: Int
        let foldsBias: Bool
        /// [M] to add after the GEMM; empty when folded or absent
        let bias: [Float]
        /// [N][M][H_out][W_out]
        let maps: UnsafeMutablePointer<Float>
        /// Where a training forward keeps its columns: chunk after chunk,
        /// [C · kH · kW (+ 1: ones)][images · H_out · W_out]
        let kept: UnsafeMutablePointer<Float>?
    }

    /// One image per chunk, whole: a group's product [M/G][H_out · W_out] is the image's maps.
    func forwardInPlace(_ op: ForwardOperands, _ gemms: ConvolutionGEMMs) {
        let g = gemms.geometry, plane = g.outputPlane
        let columnRows = g.columnRows + (op.foldsBias ? 1 : 0)
        gemms.plan.run { worker, images in
            // columns: [C · kH · kW (+ 1: ones)][H_out · W_out]
            let columns = op.kept.map { $0 + images.lowerBound * columnRows * plane }
                ?? workspaces[worker].columns.buffer(count: columnRows * plane)
            g.im2col(op.image + images.lowerBound * g.channels * g.inputPlane, images: 1, columns: columns)
            if op.foldsBias { ScalarRuns.fill(columns + g.columnRows * plane, with: 1, count: plane) }
            let maps = op.maps + images.lowerBound * mapChannels * plane     // [M][H_out · W_out]
            gemms.forward(weights: op.weights, depth: op.depth, columns: columns, n: plane, into: maps, ldc: plane)
            ChannelBias.add(op.bias, to: maps, columns: plane, rowStride: plane)
        }
    }

    /// One image per chunk, in blocks of output rows: the block's columns stay in cache between
    /// im2col and the GEMM, which writes the block's rows of every map in place (rows H_out · W_out
    /// apart).
    func forwardInRowBlocks(_ op: ForwardOperands, _ gemms: ConvolutionGEMMs, rowsPerBlock: Int) {
        let g = gemms.geometry, plane = g.outputPlane
        let columnRows = g.columnRows + (op.foldsBias ? 1 : 0)
        gemms.plan.run { worker, images in
            // columns: [C · kH · kW (+ 1: ones)][rowsPerBlock · W_out]
            let columns = workspaces[worker].columns.buffer(count: columnRows * rowsPerBlock * g.outputWidth)
            let image = op.image + images.lowerBound * g.channels * g.inputPlane
            let maps = op.maps + images.lowerBound * mapChannels * plane      // [M][H_out · W_out]
            for first in stride(from: 0, to: g.outputHeight, by: rowsPerBlock) {
                let rows = first..<min(first + rowsPerBlock, g.outputHeight)
                let n = rows.count * g.outputWidth
                g.im2col(image, images: 1, columns: columns, outputRows: rows)
                if op.foldsBias { ScalarRuns.fill(columns + g.columnRows * n, with: 1, count: n) }
                let block = maps + first * g.outputWidth                       // [M][n], rows plane apart
                gemms.forward(weights: op.weights, depth: op.depth, columns: columns, n: n, into: block, ldc: plane)
                ChannelBias.add(op.bias, to: block, columns: n, rowStride: plane)
            }
        }
    }

    /// Several images per chunk: one GEMM over all their columns, staged and scattered to NCHW
    /// with the bias added on the way.
    func forwardStaged(_ op: ForwardOperands, _ gemms: ConvolutionGEMMs) {
        let g = gemms.geometry, plane = g.outputPlane
        gemms.plan.run { worker, images in
            let space = workspaces[worker], n = images.count * plane
            // columns: [C · kH · kW][images · H_out · W_out]
            let columns = op.kept.map { $0 + images.lowerBound * g.columnRows * plane }
                ?? space.columns.buffer(count: g.columnRows * n)
            g.im2col(op.image + images.lowerBound * g.channels * g.inputPlane, images: images.count, columns: columns)
            gemms.forwardThroughStage(weights: op.weights, columns: columns, images: images.count,
                                      into: op.maps + images.lowerBound * mapChannels * plane,
                                      adding: op.bias, stage: space.staging)
        }
    }
}
