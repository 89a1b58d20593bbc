/// One `BlobProto`: a shape and its float values in row-major order.
public struct CaffeBlob: Sendable, Equatable {
    public var shape: [Int]
    public var data: [Float]

    public init(shape: [Int], data: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == data.count,
                     "blob shape \(shape) holds \(shape.reduce(1, *)) values, given \(data.count)")
        self.shape = shape
        self.data = data
    }

    public var count: Int { data.count }
}
