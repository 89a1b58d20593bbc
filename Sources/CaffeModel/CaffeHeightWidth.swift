/// A 2-D size in Caffe's (height, width) order: kernel, stride or padding.
public struct CaffeHeightWidth: Sendable, Equatable, CustomStringConvertible {
    public var height: Int
    public var width: Int

    public init(_ height: Int, _ width: Int) {
        self.height = height
        self.width = width
    }

    public init(square size: Int) {
        self.init(size, size)
    }

    public var isSquare: Bool { height == width }

    public var description: String { isSquare ? "\(height)" : "\(height)x\(width)" }
}
