/// A Caffe `Pooling` layer's parameters.
public struct CaffePooling: Sendable, Equatable {
    public enum Method: Sendable, Equatable { case max, average }
    /// How the output size is rounded: Caffe rounds up unless `round_mode: FLOOR` says otherwise.
    public enum Rounding: Sendable, Equatable { case ceil, floor }

    public var method: Method
    /// nil for global pooling: the window is the whole input plane.
    public var kernelSize: CaffeHeightWidth?
    public var stride: CaffeHeightWidth
    public var padding: CaffeHeightWidth
    public var rounding: Rounding

    public init(method: Method, kernelSize: CaffeHeightWidth?, stride: CaffeHeightWidth = .init(square: 1),
                padding: CaffeHeightWidth = .init(square: 0), rounding: Rounding = .ceil) {
        self.method = method
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.rounding = rounding
    }

    public var isGlobal: Bool { kernelSize == nil }
}
