/// A convolution over input planes no larger than its kernel (a 3x3 kernel over 3x3 planes, deep
/// in a network run at a small input size) as one dense matrix
///
///     U [outC · outPlane, inC · inPlane],  U[(m, p), (c, q)] = W[m, c, i, j]
///
/// for the input pixel q that kernel tap (i, j) of output pixel p reads, 0 where no tap reads q.
/// A batch's NCHW tensors are then GEMM operands as they stand: y [images, outC · outPlane] =
/// x [images, inC · inPlane] · Uᵀ, and dx = dy · U. There is no im2col, whose runs at such planes
/// are a few scalars long and cost far more than their size. U has as many entries per output pixel as
/// im2col's columns have rows when inPlane = kH · kW, so the GEMM does the same multiply-adds
/// (both multiply padding zeros); with larger planes it would do more, so those keep im2col.
struct UnrolledConvolution {
    let geometry: ConvGeometry
    let outputChannels: Int
    /// The weights U was built from (shared storage: comparing with the layer's current weights
    /// is a pointer check until an update writes them).
    let weights: [Float]
    let matrix: [Float]

    /// Unrolling pays where the input plane is no larger than the kernel and the groups are one
    /// (with more, U would be block-diagonal and half zeros); U is capped at 64 MB.
    static func applies(to g: ConvGeometry, outputChannels: Int) -> Bool {
        g.groups == 1 && g.inputPlane <= g.kernelHeight * g.kernelWidth
            && outputChannels * g.outputPlane * g.channels * g.inputPlane <= 16 << 20
    }

    init(weights: [Float], geometry g: ConvGeometry, outputChannels: Int) {
        geometry = g
        self.outputChannels = outputChannels
        self.weights = weights
        let columns = g.channels * g.inputPlane
        var u = [Float](repeating: 0, count: outputChannels * g.outputPlane * columns)
        for m in 0..<outputChannels {
            for oy in 0..<g.outputHeight {
                for ox in 0..<g.outputWidth {
                    let row = (m * g.outputPlane + oy * g.outputWidth + ox) * columns
                    for i in 0..<g.kernelHeight {
                        let iy = oy * g.strideHeight - g.padHeight + i
                        guard iy >= 0 && iy < g.height else { continue }
                        for j in 0..<g.kernelWidth {
                            let ix = ox * g.strideWidth - g.padWidth + j
                            guard ix >= 0 && ix < g.width else { continue }
                            for c in 0..<g.channels {
                                u[row + c * g.inputPlane + iy * g.width + ix] =
                                    weights[((m * g.channels + c) * g.kernelHeight + i) * g.kernelWidth + j]
                            }
                        }
                    }
                }
            }
        }
        matrix = u
    }

    /// y [images, outC, outH, outW] = x · Uᵀ (+ bias), the GEMM's columns split over the workers.
    func forward(_ x: UnsafePointer<Float>, images: Int, bias: [Float], into y: UnsafeMutablePointer<Float>) {
        let g = geometry, outputs = outputChannels * g.outputPlane
        matrix.withUnsafeBufferPointer { u in
            sgemm(transB: true, m: images, n: outputs, k: g.channels * g.inputPlane,
                  a: x, b: u.baseAddress!, c: y, parallel: true)
        }
        guard !bias.isEmpty else { return }
        Parallel.forEachChunk(images) { range in
            for n in range { ChannelBias.add(bias, to: y + n * outputs, columns: g.outputPlane, rowStride: g.outputPlane) }
        }
    }

    /// dx [images, inC, H, W] = dy · U.
    func inputGradient(_ dy: UnsafePointer<Float>, images: Int, into dx: UnsafeMutablePointer<Float>) {
        let g = geometry
        matrix.withUnsafeBufferPointer { u in
            sgemm(m: images, n: g.channels * g.inputPlane, k: outputChannels * g.outputPlane,
                  a: dy, b: u.baseAddress!, c: dx, parallel: true)
        }
    }
}
