/// The index arithmetic of a 2-D convolution: input [c, h, w] seen through a kernel window
/// sliding to output [outH, outW]. Shared by Conv2D and ConvTranspose2D (which runs it in reverse).
public struct ConvGeometry: Equatable, Sendable {
    public let channels: Int, height: Int, width: Int
    public let kernelHeight: Int, kernelWidth: Int
    public let strideHeight: Int, strideWidth: Int
    public let padHeight: Int, padWidth: Int
    public let groups: Int
    public let outputHeight: Int, outputWidth: Int

    public init(channels: Int, height: Int, width: Int,
                kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), groups: Int,
                output: (Int, Int)? = nil) {
        precondition(channels % groups == 0, "\(channels) channels do not split into \(groups) groups")
        self.channels = channels
        self.height = height
        self.width = width
        (kernelHeight, kernelWidth) = kernel
        (strideHeight, strideWidth) = stride
        (padHeight, padWidth) = padding
        self.groups = groups
        if let output {
            (outputHeight, outputWidth) = output
        } else {
            outputHeight = (height + 2 * padding.0 - kernel.0) / stride.0 + 1
            outputWidth = (width + 2 * padding.1 - kernel.1) / stride.1 + 1
        }
        precondition(outputHeight > 0 && outputWidth > 0,
                     "kernel \(kernel) with padding \(padding) does not fit a \(height)x\(width) input")
    }

    /// Rows of the column matrix: one per (channel, kernel row, kernel column).
    public var columnRows: Int { channels * kernelHeight * kernelWidth }
    public var rowsPerGroup: Int { columnRows / groups }
    public var outputPlane: Int { outputHeight * outputWidth }
    public var inputPlane: Int { height * width }
}
