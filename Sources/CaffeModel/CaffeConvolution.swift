/// A Caffe `Convolution` layer's parameters (2-D).
///
/// Its blobs are the weight [outputChannels, inputChannels / groups, kernel.height, kernel.width]
/// and, if `hasBias`, the bias [outputChannels] (legacy V1 files: [1, 1, 1, outputChannels]).
public struct CaffeConvolution: Sendable, Equatable {
    public var outputChannels: Int
    public var kernelSize: CaffeHeightWidth
    public var stride: CaffeHeightWidth
    public var padding: CaffeHeightWidth
    /// Spacing between kernel taps (1: a plain convolution).
    public var dilation: CaffeHeightWidth
    public var groups: Int
    public var hasBias: Bool

    public init(outputChannels: Int, kernelSize: CaffeHeightWidth, stride: CaffeHeightWidth = .init(square: 1),
                padding: CaffeHeightWidth = .init(square: 0), dilation: CaffeHeightWidth = .init(square: 1),
                groups: Int = 1, hasBias: Bool = true) {
        self.outputChannels = outputChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        self.hasBias = hasBias
    }
}
