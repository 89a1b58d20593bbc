import Foundation

/// A dense float32 tensor, contiguous, row-major (NCHW for images, OIHW for conv weights).
///
/// Value semantics through Swift's copy-on-write array: `var y = x` shares storage until one is
/// written. Hot loops take `withUnsafe(Mutable)BufferPointer` once, outside the loop.
public struct Tensor: Sendable, Equatable {
    public let shape: [Int]
    public var scalars: [Float]

    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        precondition(shape.reduce(1, *) == scalars.count,
                     "shape \(shape) holds \(shape.reduce(1, *)) scalars, given \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    public init(zeros shape: [Int]) {
        self.init(shape: shape, scalars: [Float](repeating: 0, count: shape.reduce(1, *)))
    }

    public init(repeating value: Float, shape: [Int]) {
        self.init(shape: shape, scalars: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    /// Storage that a kernel overwrites completely before anyone reads it: not zero-filled,
    /// which saves a pass over memory on every large output.
    public init(uninitializedShape shape: [Int]) {
        let count = shape.reduce(1, *)
        self.shape = shape
        self.scalars = [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    public var count: Int { scalars.count }
    public var rank: Int { shape.count }

    /// The same scalars under another shape with the same element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    /// Of a matrix [rows, width]: the rows `indices`, in that order.
    public func gatheringRows(_ indices: [Int]) -> Tensor {
        precondition(rank == 2, "gatheringRows needs a matrix, found \(shape)")
        let width = shape[1]
        var result = Tensor(uninitializedShape: [indices.count, width])
        withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { target in
                for (n, row) in indices.enumerated() {
                    (target.baseAddress! + n * width).update(from: source.baseAddress! + row * width, count: width)
                }
            }
        }
        return result
    }

    public subscript(flat index: Int) -> Float {
        get { scalars[index] }
        set { scalars[index] = newValue }
    }

    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer(body)
    }

    /// One image (or row) `index` of the leading dimension, as its own tensor.
    public func slice(_ index: Int) -> Tensor {
        precondition(rank >= 1 && index >= 0 && index < shape[0], "index \(index) outside \(shape)")
        let stride = count / shape[0]
        return Tensor(shape: Array(shape.dropFirst()),
                      scalars: Array(scalars[index * stride ..< (index + 1) * stride]))
    }

    /// Rows `range` of the leading dimension.
    public func slice(_ range: Range<Int>) -> Tensor {
        precondition(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0],
                     "rows \(range) outside \(shape)")
        let stride = shape[0] == 0 ? 0 : count / shape[0]
        var newShape = shape
        newShape[0] = range.count
        return Tensor(shape: newShape,
                      scalars: Array(scalars[range.lowerBound * stride ..< range.upperBound * stride]))
    }

    /// Stacks equally shaped tensors along a new leading dimension.
    public init(stacking tensors: [Tensor]) {
        precondition(!tensors.isEmpty, "cannot stack no tensors")
        let inner = tensors[0].shape
        var scalars = [Float]()
        scalars.reserveCapacity(tensors.count * tensors[0].count)
        for t in tensors {
            precondition(t.shape == inner, "cannot stack \(t.shape) with \(inner)")
            scalars.append(contentsOf: t.scalars)
        }
        self.init(shape: [tensors.count] + inner, scalars: scalars)
    }

    /// Concatenates along the leading dimension.
    public init(concatenating tensors: [Tensor]) {
        precondition(!tensors.isEmpty, "cannot concatenate no tensors")
        let inner = Array(tensors[0].shape.dropFirst())
        var rows = 0
        var scalars = [Float]()
        for t in tensors {
            precondition(Array(t.shape.dropFirst()) == inner, "cannot concatenate \(t.shape) with \(inner)")
            rows += t.shape[0]
            scalars.append(contentsOf: t.scalars)
        }
        self.init(shape: [rows] + inner, scalars: scalars)
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let head = scalars.prefix(8).map { String(format: "%.4g", $0) }.joined(separator: ", ")
        return "Tensor\(shape)[\(head)\(count > 8 ? ", …" : "")]"
    }
}
