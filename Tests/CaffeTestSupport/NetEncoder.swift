import CaffeModel

/// Encodes a `CaffeNet` as a binary `NetParameter`, fields in number order and parameters that
/// equal their proto2 default left out, as protoc-generated code writes a Caffe-trained net.
struct NetEncoder {
    let format: CaffeNet.LayerFormat

    /// Where each kind's parameter message goes, by V2 type name.
    private static let v2ParameterFields: [String: Int] = {
        typealias F = CaffeProto.LayerParameter
        return ["Convolution": F.convolution, "ReLU": F.relu, "LRN": F.lrn, "Pooling": F.pooling,
                "InnerProduct": F.innerProduct, "Dropout": F.dropout, "PReLU": F.prelu, "BatchNorm": F.batchNorm,
                "Scale": F.scale]
    }()
    private static let v1ParameterFields: [String: Int] = {
        typealias F = CaffeProto.V1LayerParameter
        return ["Convolution": F.convolution, "ReLU": F.relu, "LRN": F.lrn, "Pooling": F.pooling,
                "InnerProduct": F.innerProduct, "Dropout": F.dropout]
    }()

    func encode(_ net: CaffeNet) -> [UInt8] {
        typealias F = CaffeProto.NetParameter
        var w = ProtobufWriter()
        if !net.name.isEmpty { w.write(field: F.name, string: net.name) }
        for input in net.inputs { w.write(field: F.input, string: input.name) }
        let shapes = net.inputs.compactMap(\.shape)
        precondition(shapes.isEmpty || shapes.count == net.inputs.count,
                     "either every net input has a shape or none: \(net.inputs)")
        // V1-era files give 4-D inputs as input_dim (unpacked: proto2's default for repeated int32).
        if format == .v1 && shapes.allSatisfy({ $0.count == 4 }) {
            for d in shapes.joined() { w.write(field: F.inputDim, int32: Int32(d)) }
        } else {
            for shape in shapes {
                w.writeMessage(field: F.inputShape) { $0.write(field: CaffeProto.BlobShape.dim, packedInt64s: shape.map(Int64.init)) }
            }
        }
        for layer in net.layers {
            switch format {
            case .v1: w.writeMessage(field: F.layers) { encodeV1(layer, into: &$0) }
            case .v2: w.writeMessage(field: F.layer) { encodeV2(layer, into: &$0) }
            }
        }
        return w.bytes
    }

    private func encodeV2(_ layer: CaffeLayer, into w: inout ProtobufWriter) {
        typealias F = CaffeProto.LayerParameter
        w.write(field: F.name, string: layer.name)
        w.write(field: F.type, string: layer.kind.typeName)
        for b in layer.bottoms { w.write(field: F.bottom, string: b) }
        for t in layer.tops { w.write(field: F.top, string: t) }
        for blob in layer.blobs { w.writeMessage(field: F.blobs) { encodeBlob(blob, into: &$0) } }
        let parameters = parameterMessage(layer.kind)
        if let field = Self.v2ParameterFields[layer.kind.typeName], !parameters.bytes.isEmpty {
            w.write(field: field, message: parameters)
        }
        if let transform = layer.transform {
            typealias T = CaffeProto.TransformationParameter
            w.writeMessage(field: F.transform) { t in
                if transform.scale != 1 { t.write(field: T.scale, float: transform.scale) }
                if transform.cropSize != 0 { t.write(field: T.cropSize, uint32: UInt32(transform.cropSize)) }
                if let file = transform.meanFile { t.write(field: T.meanFile, string: file) }
                for mean in transform.meanValues { t.write(field: T.meanValue, float: mean) }
            }
        }
    }

    private func encodeV1(_ layer: CaffeLayer, into w: inout ProtobufWriter) {
        typealias F = CaffeProto.V1LayerParameter
        guard let type = V1LayerType.values[layer.kind.typeName] else {
            preconditionFailure("layer \(layer.name): type \(layer.kind.typeName) has no V1 enum value")
        }
        for b in layer.bottoms { w.write(field: F.bottom, string: b) }
        for t in layer.tops { w.write(field: F.top, string: t) }
        w.write(field: F.name, string: layer.name)
        w.write(field: F.type, int32: type)
        for blob in layer.blobs { w.writeMessage(field: F.blobs) { encodeBlob(blob, into: &$0) } }
        let parameters = parameterMessage(layer.kind)
        if let field = Self.v1ParameterFields[layer.kind.typeName], !parameters.bytes.isEmpty {
            w.write(field: field, message: parameters)
        }
    }

    /// V1 blobs use the legacy 4-D num/channels/height/width (padded with leading 1s, as Caffe's
    /// LegacyShape does); V2 blobs use `shape`.
    private func encodeBlob(_ blob: CaffeBlob, into w: inout ProtobufWriter) {
        typealias F = CaffeProto.BlobProto
        if format == .v1 && blob.shape.count <= 4 {
            let legacy = Array(repeating: 1, count: 4 - blob.shape.count) + blob.shape
            for (field, d) in zip([F.num, F.channels, F.height, F.width], legacy) {
                w.write(field: field, int32: Int32(d))
            }
            w.write(field: F.data, packedFloats: blob.data)
        } else {
            w.write(field: F.data, packedFloats: blob.data)
            w.writeMessage(field: F.shape) { $0.write(field: CaffeProto.BlobShape.dim, packedInt64s: blob.shape.map(Int64.init)) }
        }
    }

    /// The kind's parameter message; empty when every value is the default.
    private func parameterMessage(_ kind: CaffeLayerKind) -> ProtobufWriter {
        var w = ProtobufWriter()
        switch kind {
        case .convolution(let c):
            typealias F = CaffeProto.ConvolutionParameter
            w.write(field: F.numOutput, uint32: UInt32(c.outputChannels))
            if !c.hasBias { w.write(field: F.biasTerm, bool: false) }
            if c.padding.isSquare && c.padding.height != 0 { w.write(field: F.pad, uint32: UInt32(c.padding.height)) }
            if c.kernelSize.isSquare { w.write(field: F.kernelSize, uint32: UInt32(c.kernelSize.height)) }
            if c.groups != 1 { w.write(field: F.group, uint32: UInt32(c.groups)) }
            if c.stride.isSquare && c.stride.height != 1 { w.write(field: F.stride, uint32: UInt32(c.stride.height)) }
            writePair(c.padding, F.padH, F.padW, into: &w)
            writePair(c.kernelSize, F.kernelH, F.kernelW, into: &w)
            writePair(c.stride, F.strideH, F.strideW, into: &w)
            if c.dilation != CaffeHeightWidth(square: 1) {
                w.write(field: F.dilation, uint32: UInt32(c.dilation.height))
                if !c.dilation.isSquare { w.write(field: F.dilation, uint32: UInt32(c.dilation.width)) }
            }
        case .relu(let slope):
            if slope != 0 { w.write(field: CaffeProto.ReLUParameter.negativeSlope, float: slope) }
        case .lrn(let l):
            typealias F = CaffeProto.LRNParameter
            if l.size != 5 { w.write(field: F.localSize, uint32: UInt32(l.size)) }
            if l.alpha != 1 { w.write(field: F.alpha, float: l.alpha) }
            if l.beta != 0.75 { w.write(field: F.beta, float: l.beta) }
            if l.k != 1 { w.write(field: F.k, float: l.k) }
            if l.region == .withinChannel { w.write(field: F.normRegion, int32: F.NormRegion.withinChannel) }
        case .pooling(let p):
            typealias F = CaffeProto.PoolingParameter
            if p.method == .average { w.write(field: F.pool, int32: F.PoolMethod.average) }
            if let k = p.kernelSize, k.isSquare { w.write(field: F.kernelSize, uint32: UInt32(k.height)) }
            if p.stride.isSquare && p.stride.height != 1 { w.write(field: F.stride, uint32: UInt32(p.stride.height)) }
            if p.padding.isSquare && p.padding.height != 0 { w.write(field: F.pad, uint32: UInt32(p.padding.height)) }
            if let k = p.kernelSize { writePair(k, F.kernelH, F.kernelW, into: &w) }
            writePair(p.stride, F.strideH, F.strideW, into: &w)
            writePair(p.padding, F.padH, F.padW, into: &w)
            if p.isGlobal { w.write(field: F.globalPooling, bool: true) }
            if p.rounding == .floor { w.write(field: F.roundMode, int32: F.RoundMode.floor) }
        case .innerProduct(let p):
            typealias F = CaffeProto.InnerProductParameter
            w.write(field: F.numOutput, uint32: UInt32(p.outputCount))
            if !p.hasBias { w.write(field: F.biasTerm, bool: false) }
            if p.axis != 1 { w.write(field: F.axis, int32: Int32(p.axis)) }
            if p.isTransposed { w.write(field: F.transpose, bool: true) }
        case .dropout(let ratio):
            if ratio != 0.5 { w.write(field: CaffeProto.DropoutParameter.dropoutRatio, float: ratio) }
        case .prelu(let shared):
            if shared { w.write(field: CaffeProto.PReLUParameter.channelShared, bool: true) }
        case .batchNorm(let epsilon):
            if epsilon != 1e-5 { w.write(field: CaffeProto.BatchNormParameter.eps, float: epsilon) }
        case .scale(let hasBias):
            if hasBias { w.write(field: CaffeProto.ScaleParameter.biasTerm, bool: true) }
        case .other:
            break
        }
        return w
    }

    /// Non-square sizes go in the `_h`/`_w` pair (square ones were written as one value).
    private func writePair(_ size: CaffeHeightWidth, _ hField: Int, _ wField: Int, into w: inout ProtobufWriter) {
        guard !size.isSquare else { return }
        w.write(field: hField, uint32: UInt32(size.height))
        w.write(field: wField, uint32: UInt32(size.width))
    }
}
