/// 2-D convolution (cross-correlation, as Caffe and PyTorch define it) by im2col + sgemm.
///
/// Weight [outC, inC/groups, kH, kW] (OIHW, loads Caffe and torchvision weights as they are),
/// bias [outC]. Images are processed in chunks (`ConvChunking`): each chunk is one im2col and
/// one GEMM per group.
public final class Conv2D: Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let inputChannels: Int, outputChannels: Int
    public let kernelSize: (Int, Int), stride: (Int, Int), padding: (Int, Int)
    public let groups: Int

    private let columns = Workspace(), staging = Workspace()
    private var cachedInputShape: [Int]?
    private var cachedColumns: [[Float]] = []   // per chunk, kept only when the weight trains

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
        // PyTorch's default: U(-1/sqrt(fanIn), 1/sqrt(fanIn)) for weight and bias.
        let fanIn = inputChannels / groups * kernelSize * kernelSize
        let bound = 1 / Float(fanIn).squareRoot()
        weight = Parameter(name: "\(name).weight",
                           value: .uniform(shape: [outputChannels, inputChannels / groups, kernelSize, kernelSize],
                                           low: -bound, high: bound, using: &generator))
        self.bias = bias ? Parameter(name: "\(name).bias",
                                     value: .uniform(shape: [outputChannels], low: -bound, high: bound,
                                                     using: &generator)) : nil
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
        let chunk = ConvChunking.imagesPerChunk(batch: batch, plane: plane, columnRows: g.columnRows)

        x.withUnsafeBufferPointer { xp in
            weight.value.withUnsafeBufferPointer { wp in
                y.withUnsafeMutableBufferPointer { yBuffer in
                    let yBase = yBuffer.baseAddress!
                    for start in Swift.stride(from: 0, to: batch, by: chunk) {
                        let images = min(chunk, batch - start)
                        let width = images * plane
                        let run = { (cols: UnsafeMutablePointer<Float>) in
                            g.im2col(xp.baseAddress! + start * g.channels * g.inputPlane, images: images, columns: cols)
                            // One image: its NCHW output already is [outC, plane]; else stage and scatter.
                            let write = { (out: UnsafeMutablePointer<Float>) in
                                for group in 0..<self.groups {
                                    sgemm(m: outPerGroup, n: width, k: rows,
                                          a: wp.baseAddress! + group * outPerGroup * rows,
                                          b: cols + group * rows * width,
                                          c: out + group * outPerGroup * width)
                                }
                            }
                            let yChunk = yBase + start * self.outputChannels * plane
                            if images == 1 {
                                write(yChunk)
                            } else {
                                self.staging.withBuffer(count: self.outputChannels * width) { stage in
                                    write(stage)
                                    ChannelMajor.scatter(stage, images: images, channels: self.outputChannels,
                                                         plane: plane, into: yChunk)
                                }
                            }
                        }
                        if keepColumns {
                            var kept = [Float](repeating: 0, count: g.columnRows * width)
                            kept.withUnsafeMutableBufferPointer { run($0.baseAddress!) }
                            cachedColumns.append(kept)
                        } else {
                            columns.withBuffer(count: g.columnRows * width, run)
                        }
                    }
                    if let bias {
                        bias.value.withUnsafeBufferPointer { bp in
                            ChannelBias.add(bp.baseAddress!, to: yBase, images: batch,
                                            channels: outputChannels, plane: plane)
                        }
                    }
                }
            }
        }
        return y
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let inputShape = requireCached(cachedInputShape, weight.name)
        let g = geometry(forInput: inputShape)
        let batch = inputShape[0], plane = g.outputPlane
        requireShape(dy.shape, [batch, outputChannels, g.outputHeight, g.outputWidth], "\(weight.name).backward dy")
        let outPerGroup = outputChannels / groups, rows = g.rowsPerGroup
        let needsWeightGradient = !weight.isFrozen
        precondition(!needsWeightGradient || !cachedColumns.isEmpty,
                     "\(weight.name): weight was unfrozen between forward and backward")
        let chunk = ConvChunking.imagesPerChunk(batch: batch, plane: plane, columnRows: g.columnRows)
        var dx: Tensor? = needsInputGradient ? Tensor(uninitializedShape: inputShape) : nil

        dy.withUnsafeBufferPointer { dyp in
            if let bias, !bias.isFrozen {
                bias.gradient.withUnsafeMutableBufferPointer { db in
                    ChannelBias.accumulateGradient(dyp.baseAddress!, into: db.baseAddress!, images: batch,
                                                   channels: outputChannels, plane: plane)
                }
            }
            guard needsWeightGradient || needsInputGradient else { return }
            for (chunkIndex, start) in Swift.stride(from: 0, to: batch, by: chunk).enumerated() {
                let images = min(chunk, batch - start)
                let width = images * plane
                let dyChunk = dyp.baseAddress! + start * outputChannels * plane
                let run = { (dY: UnsafePointer<Float>) in   // [outC, width]
                    if needsWeightGradient {
                        self.cachedColumns[chunkIndex].withUnsafeBufferPointer { cols in
                            self.weight.gradient.withUnsafeMutableBufferPointer { dw in
                                for group in 0..<self.groups {
                                    sgemm(transB: true, m: outPerGroup, n: rows, k: width,
                                          a: dY + group * outPerGroup * width,
                                          b: cols.baseAddress! + group * rows * width,
                                          beta: 1, c: dw.baseAddress! + group * outPerGroup * rows)
                                }
                            }
                        }
                    }
                    if needsInputGradient {
                        self.columns.withBuffer(count: g.columnRows * width) { dcols in
                            self.weight.value.withUnsafeBufferPointer { wp in
                                for group in 0..<self.groups {
                                    sgemm(transA: true, m: rows, n: width, k: outPerGroup,
                                          a: wp.baseAddress! + group * outPerGroup * rows,
                                          b: dY + group * outPerGroup * width,
                                          c: dcols + group * rows * width)
                                }
                            }
                            dx!.withUnsafeMutableBufferPointer { dxp in
                                g.col2im(dcols, images: images,
                                         into: dxp.baseAddress! + start * g.channels * g.inputPlane)
                            }
                        }
                    }
                }
                if images == 1 {
                    run(dyChunk)
                } else {
                    staging.withBuffer(count: outputChannels * width) { stage in
                        ChannelMajor.gather(dyChunk, images: images, channels: outputChannels, plane: plane, into: stage)
                        run(stage)
                    }
                }
            }
        }
        cachedColumns = []
        return dx
    }
}
