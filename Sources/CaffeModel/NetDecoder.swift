/// Decodes a `NetParameter` (a `.caffemodel`) in either layer format into a `CaffeNet`.
struct NetDecoder {
    let file: String

    /// Wire errors come out of the reader without a file name; they get it here.
    func decode(_ bytes: [UInt8]) throws -> CaffeNet {
        do {
            return try decodeNet(ProtobufReader(bytes))
        } catch let error as ProtobufError {
            throw CaffeModelError.wire(file: file, error)
        }
    }

    private func decodeNet(_ message: ProtobufReader) throws -> CaffeNet {
        typealias F = CaffeProto.NetParameter
        var reader = message
        var name = ""
        var inputNames: [String] = [], inputDims: [Int64] = [], inputShapes: [[Int64]] = []
        var v2Layers: [ProtobufReader] = [], v1Layers: [ProtobufReader] = []
        while let tag = try reader.nextTag() {
            switch tag.field {
            case F.name: name = try reader.readString(tag)
            case F.input: inputNames.append(try reader.readString(tag))
            case F.inputDim: try reader.readInt64s(tag, into: &inputDims)
            case F.inputShape: inputShapes.append(try BlobDecoder.dimensions(of: reader.readMessage(tag)))
            case F.layer: v2Layers.append(try reader.readMessage(tag))
            case F.layers: v1Layers.append(try reader.readMessage(tag))
            default: try reader.skipField(tag)
            }
        }
        guard v1Layers.isEmpty || v2Layers.isEmpty else {
            throw CaffeModelError.mixedLayerFormats(file: file, v1Count: v1Layers.count, v2Count: v2Layers.count)
        }
        guard !v1Layers.isEmpty || !v2Layers.isEmpty else { throw CaffeModelError.noLayers(file: file) }
        let inputs = try decodeInputs(names: inputNames, dims: inputDims, shapes: inputShapes)
        if v2Layers.isEmpty {
            let layers = try v1Layers.enumerated().map { try decodeV1Layer($1, index: $0) }
            return CaffeNet(name: name, inputs: inputs, layers: layers, layerFormat: .v1)
        }
        let layers = try v2Layers.enumerated().map { try decodeV2Layer($1, index: $0) }
        return CaffeNet(name: name, inputs: inputs, layers: layers, layerFormat: .v2)
    }

    private func decodeV2Layer(_ message: ProtobufReader, index: Int) throws -> CaffeLayer {
        typealias F = CaffeProto.LayerParameter
        var reader = message
        var name = "", typeName = "", bottoms: [String] = [], tops: [String] = []
        var blobs: [ProtobufReader] = [], parameters = LayerParameterMessages()
        while let tag = try reader.nextTag() {
            switch tag.field {
            case F.name: name = try reader.readString(tag)
            case F.type: typeName = try reader.readString(tag)
            case F.bottom: bottoms.append(try reader.readString(tag))
            case F.top: tops.append(try reader.readString(tag))
            case F.blobs: blobs.append(try reader.readMessage(tag))
            case F.convolution: parameters.convolution.append(try reader.readMessage(tag))
            case F.dropout: parameters.dropout.append(try reader.readMessage(tag))
            case F.innerProduct: parameters.innerProduct.append(try reader.readMessage(tag))
            case F.lrn: parameters.lrn.append(try reader.readMessage(tag))
            case F.pooling: parameters.pooling.append(try reader.readMessage(tag))
            case F.relu: parameters.relu.append(try reader.readMessage(tag))
            case F.prelu: parameters.prelu.append(try reader.readMessage(tag))
            case F.batchNorm: parameters.batchNorm.append(try reader.readMessage(tag))
            case F.scale: parameters.scale.append(try reader.readMessage(tag))
            case F.transform: parameters.transform.append(try reader.readMessage(tag))
            default: try reader.skipField(tag)
            }
        }
        return try makeLayer(name: name, index: index, typeName: typeName, bottoms: bottoms, tops: tops,
                             blobs: blobs, parameters: parameters)
    }

    private func decodeV1Layer(_ message: ProtobufReader, index: Int) throws -> CaffeLayer {
        typealias F = CaffeProto.V1LayerParameter
        var reader = message
        var name = "", type: Int32 = 0, bottoms: [String] = [], tops: [String] = []
        var blobs: [ProtobufReader] = [], parameters = LayerParameterMessages(), hasV0Layer = false
        while let tag = try reader.nextTag() {
            switch tag.field {
            case F.v0Layer:
                hasV0Layer = true
                try reader.skipField(tag)
            case F.bottom: bottoms.append(try reader.readString(tag))
            case F.top: tops.append(try reader.readString(tag))
            case F.name: name = try reader.readString(tag)
            case F.type: type = try reader.readInt32(tag)
            case F.blobs: blobs.append(try reader.readMessage(tag))
            case F.convolution: parameters.convolution.append(try reader.readMessage(tag))
            case F.dropout: parameters.dropout.append(try reader.readMessage(tag))
            case F.innerProduct: parameters.innerProduct.append(try reader.readMessage(tag))
            case F.lrn: parameters.lrn.append(try reader.readMessage(tag))
            case F.pooling: parameters.pooling.append(try reader.readMessage(tag))
            case F.relu: parameters.relu.append(try reader.readMessage(tag))
            default: try reader.skipField(tag)
            }
        }
        // Pre-2014 V0 nets nest their parameters in another message; Caffe's own tool upgrades them.
        guard !hasV0Layer else {
            throw CaffeModelError.unsupported(file: file, layer: label(name, index),
                                              feature: "the V0 layer format (upgrade the file with Caffe's upgrade_net_proto_binary)")
        }
        return try makeLayer(name: name, index: index, typeName: V1LayerType.typeName(type), bottoms: bottoms,
                             tops: tops, blobs: blobs, parameters: parameters)
    }

    private func makeLayer(name: String, index: Int, typeName: String, bottoms: [String], tops: [String],
                           blobs blobMessages: [ProtobufReader], parameters: LayerParameterMessages) throws -> CaffeLayer {
        let label = label(name, index)
        let blobs = try blobMessages.enumerated().map {
            try BlobDecoder(file: file, layer: label, index: $0).decode($1)
        }
        let kinds = LayerKindDecoder(file: file, layer: label)
        let kind = try kinds.kind(typeName: typeName, parameters: parameters)
        try kinds.checkBlobs(blobs, of: kind)
        return CaffeLayer(name: name, kind: kind, bottoms: bottoms, tops: tops, blobs: blobs,
                          transform: try kinds.transform(parameters.transform))
    }

    /// Net inputs: names with either four `input_dim` each or one `input_shape` each (net.cpp).
    private func decodeInputs(names: [String], dims: [Int64], shapes: [[Int64]]) throws -> [CaffeInput] {
        guard dims.isEmpty || shapes.isEmpty else {
            throw CaffeModelError.invalidInputs(file: file, problem: "both input_dim and input_shape are given")
        }
        let perInput: [[Int64]]
        if !dims.isEmpty {
            guard dims.count == 4 * names.count else {
                throw CaffeModelError.invalidInputs(
                    file: file, problem: "\(dims.count) input_dim values for \(names.count) inputs (4 each)")
            }
            perInput = stride(from: 0, to: dims.count, by: 4).map { Array(dims[$0 ..< $0 + 4]) }
        } else if !shapes.isEmpty {
            guard shapes.count == names.count else {
                throw CaffeModelError.invalidInputs(
                    file: file, problem: "\(shapes.count) input_shape entries for \(names.count) inputs")
            }
            perInput = shapes
        } else {
            return names.map { CaffeInput(name: $0, shape: nil) }
        }
        return try zip(names, perInput).map { name, shape in
            guard shape.allSatisfy({ $0 >= 0 && $0 <= Int32.max }) else {
                throw CaffeModelError.invalidInputs(file: file, problem: "input \(name) has shape \(shape)")
            }
            return CaffeInput(name: name, shape: shape.map { Int($0) })
        }
    }

    private func label(_ name: String, _ index: Int) -> String {
        name.isEmpty ? "#\(index)" : name
    }
}
