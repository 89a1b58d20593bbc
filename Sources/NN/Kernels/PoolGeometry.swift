/// The index arithmetic of 2-D pooling on one [h, w] plane: square windows of `kernel` every
/// `stride`, `padding` on each side. Windows are clipped at the border, so padding never takes
/// part in a result.
public struct PoolGeometry: Equatable, Sendable {
    public let height: Int, width: Int
    public let kernel: Int, stride: Int, padding: Int
    public let outputHeight: Int, outputWidth: Int

    public init(height: Int, width: Int, kernel: Int, stride: Int, padding: Int, rounding: PoolRounding) {
        self.height = height
        self.width = width
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        outputHeight = Self.outputSize(inputSize: height, kernel: kernel, stride: stride,
                                       padding: padding, rounding: rounding)
        outputWidth = Self.outputSize(inputSize: width, kernel: kernel, stride: stride,
                                      padding: padding, rounding: rounding)
    }

    /// Floor: (size + 2p - k) / s + 1. Ceil (Caffe): ⌈(size + 2p - k) / s⌉ + 1, less one if the
    /// last window would start beyond the image and its left padding (Caffe's and PyTorch's rule),
    /// so every window holds at least one input element.
    public static func outputSize(inputSize: Int, kernel: Int, stride: Int, padding: Int,
                                  rounding: PoolRounding) -> Int {
        precondition(kernel > 0 && stride > 0 && padding >= 0 && padding < kernel,
                     "pooling needs kernel > 0, stride > 0 and 0 <= padding < kernel, given kernel \(kernel), stride \(stride), padding \(padding)")
        let span = inputSize + 2 * padding - kernel
        precondition(span >= 0, "kernel \(kernel) with padding \(padding) does not fit an input of size \(inputSize)")
        var size = (rounding == .ceil ? (span + stride - 1) / stride : span / stride) + 1
        if (size - 1) * stride >= inputSize + padding { size -= 1 }
        return size
    }

    public var inputPlane: Int { height * width }
    public var outputPlane: Int { outputHeight * outputWidth }

    /// Input rows (or columns) of window `index` along a dimension of length `size`, clipped.
    @inline(__always)
    func window(_ index: Int, size: Int) -> Range<Int> {
        let start = index * stride - padding
        return max(start, 0)..<min(start + kernel, size)
    }

    /// The output columns whose windows lie wholly inside the image (no clipping needed).
    var interiorColumns: Range<Int> {
        let low = min(outputWidth, (padding + stride - 1) / stride)
        let last = width + padding - kernel              // largest ox * s that still fits
        let high = last < 0 ? 0 : min(outputWidth, last / stride + 1)
        return low..<max(low, high)
    }
}
