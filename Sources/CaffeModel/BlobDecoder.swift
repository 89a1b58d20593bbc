/// Decodes one `BlobProto` and checks that its values fill its shape.
struct BlobDecoder {
    /// Caffe's own limit on a blob's element count (INT_MAX).
    static let maximumCount = Int(Int32.max)

    let file: String
    /// Where the blob sits, for errors: the layer's name (nil for a mean file) and blob index.
    let layer: String?
    let index: Int

    func decode(_ message: ProtobufReader) throws -> CaffeBlob {
        typealias Field = CaffeProto.BlobProto
        var reader = message
        var dimensions: [Int64] = []
        var legacy: [Int64?] = [nil, nil, nil, nil]    // num, channels, height, width
        var floats: [Float] = []
        var doubles: [Double] = []
        while let tag = try reader.nextTag() {
            switch tag.field {
            case Field.shape: dimensions += try Self.dimensions(of: reader.readMessage(tag))
            case Field.num, Field.channels, Field.height, Field.width:
                legacy[tag.field - Field.num] = try reader.readInt64(tag)
            case Field.data: try reader.readFloats(tag, into: &floats)
            case Field.doubleData: try reader.readDoubles(tag, into: &doubles)
            default: try reader.skipField(tag)   // diff, double_diff
            }
        }
        // As Caffe's Blob::FromProto: any legacy dimension makes the shape 4-D, missing ones 0.
        if legacy.contains(where: { $0 != nil }) {
            dimensions = legacy.map { $0 ?? 0 }
        }
        let shape = try validShape(dimensions)
        let expected = shape.reduce(1, *)
        // As Caffe: double_data, when present, is the data.
        let values = doubles.isEmpty ? floats : doubles.map { Float($0) }
        guard values.count == expected else {
            throw CaffeModelError.shapeMismatch(file: file, layer: layer, blob: index, shape: shape,
                                                expected: expected, found: values.count)
        }
        return CaffeBlob(shape: shape, data: values)
    }

    /// The `dim`s of a `BlobShape` message.
    static func dimensions(of message: ProtobufReader) throws -> [Int64] {
        var reader = message, dims: [Int64] = []
        while let tag = try reader.nextTag() {
            if tag.field == CaffeProto.BlobShape.dim {
                try reader.readInt64s(tag, into: &dims)
            } else {
                try reader.skipField(tag)
            }
        }
        return dims
    }

    private func validShape(_ dimensions: [Int64]) throws -> [Int] {
        var count = 1
        for d in dimensions {
            guard d >= 0, d <= Self.maximumCount else {
                throw CaffeModelError.invalidShape(file: file, layer: layer, blob: index, dimensions: dimensions)
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(d))
            guard !overflow, product <= Self.maximumCount else {
                throw CaffeModelError.invalidShape(file: file, layer: layer, blob: index, dimensions: dimensions)
            }
            count = product
        }
        return dimensions.map { Int($0) }
    }
}
