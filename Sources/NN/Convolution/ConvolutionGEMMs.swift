/// The group loops of a convolution's three products over one chunk of images, each GEMM split
/// over the workers when the plan leaves them idle (`BatchPlan.splitsGEMMs`).
///
/// Shapes per group g of G, with M = `mapChannels`, rows = C/G · kH · kW and n columns:
///
///     weights [M][rows]   group g's rows [g · M/G, (g + 1) · M/G)
///     columns [G · rows][n]   group g's rows [g · rows, (g + 1) · rows)
///     maps    [M][n]      channel-major: one row of n per channel (NCHW itself for one image)
struct ConvolutionGEMMs {
    let geometry: ConvGeometry
    let mapChannels: Int
    let plan: BatchPlan

    private var groups: Int { geometry.groups }
    private var mapsPerGroup: Int { mapChannels / geometry.groups }
    private var rows: Int { geometry.rowsPerGroup }

    /// Forward GEMM: maps_g [M/G][n] = W_g [M/G][depth] · columns_g [depth][n], maps rows `ldc` apart.
    /// depth is `rows`, or rows + 1 where the bias rides in as a last weight column against a row
    /// of ones under the columns (one group only).
    func forward(weights: UnsafePointer<Float>, depth: Int, columns: UnsafePointer<Float>, n: Int,
                 into maps: UnsafeMutablePointer<Float>, ldc: Int) {
        for group in 0..<groups {
            sgemm(m: mapsPerGroup, n: n, k: depth,
                  a: weights + group * mapsPerGroup * depth, b: columns + group * rows * n,
                  c: maps + group * mapsPerGroup * ldc, ldc: ldc, parallel: plan.splitsGEMMs)
        }
    }

    /// The forward GEMM for a chunk of several images: its [M][images · plane] result interleaves
    /// the images, so it goes to `stage` and is scattered to the NCHW maps, adding the bias.
    func forwardThroughStage(weights: UnsafePointer<Float>, columns: UnsafePointer<Float>, images: Int,
                             into maps: UnsafeMutablePointer<Float>, adding bias: [Float], stage: Workspace) {
        let plane = geometry.outputPlane, n = images * plane
        let staged = stage.buffer(count: mapChannels * n)           // [M][images · H_out · W_out]
        forward(weights: weights, depth: rows, columns: columns, n: n, into: staged, ldc: n)
        ChannelMajor.scatter(staged, images: images, channels: mapChannels, plane: plane, into: maps, adding: bias)
    }

    /// Backward GEMM: columns_g [rows][n] = W_gᵀ · maps_g [M/G][n], for col2im to sum into an image.
    func backward(weights: UnsafePointer<Float>, maps: UnsafePointer<Float>, n: Int,
                  into columns: UnsafeMutablePointer<Float>) {
        for group in 0..<groups {
            sgemm(transA: true, m: rows, n: n, k: mapsPerGroup,
                  a: weights + group * mapsPerGroup * rows, b: maps + group * mapsPerGroup * n,
                  c: columns + group * rows * n, parallel: plan.splitsGEMMs)
        }
    }

    /// Weight GEMM: dW_g [M/G][rows] += maps_g [M/G][n] · columns_gᵀ. The columns may carry a ones
    /// row after the last group's (a folded bias); it is not read.
    func weight(maps: UnsafePointer<Float>, columns: UnsafePointer<Float>, n: Int,
                into weightGradient: UnsafeMutablePointer<Float>) {
        for group in 0..<groups {
            sgemm(transB: true, m: mapsPerGroup, n: rows, k: n,
                  a: maps + group * mapsPerGroup * n, b: columns + group * rows * n,
                  beta: 1, c: weightGradient + group * mapsPerGroup * rows, parallel: plan.splitsGEMMs)
        }
    }
}
