/// Turns a layer's type name and parameter messages into a validated `CaffeLayerKind`,
/// applying proto2 defaults and the checks Caffe's layers make in `LayerSetUp`.
struct LayerKindDecoder {
    let file: String
    /// The layer's name, or `#index` when it has none.
    let layer: String

    func kind(typeName: String, parameters: LayerParameterMessages) throws -> CaffeLayerKind {
        switch typeName {
        case "Convolution": return .convolution(try convolution(parameters.convolution))
        case "ReLU": return .relu(negativeSlope: try reluSlope(parameters.relu))
        case "LRN": return .lrn(try lrn(parameters.lrn))
        case "Pooling": return .pooling(try pooling(parameters.pooling))
        case "InnerProduct": return .innerProduct(try innerProduct(parameters.innerProduct))
        case "Dropout": return .dropout(ratio: try dropoutRatio(parameters.dropout))
        case "PReLU": return .prelu(channelShared: try preluChannelShared(parameters.prelu))
        case "BatchNorm": return .batchNorm(epsilon: try batchNormEpsilon(parameters.batchNorm))
        case "Scale": return .scale(hasBias: try scaleHasBias(parameters.scale))
        default: return .other(typeName: typeName)
        }
    }

    /// Blobs must fit the parameters: weight then bias, as Caffe's `CopyTrainedLayersFrom`
    /// expects. A layer without blobs (a definition without weights) passes.
    func checkBlobs(_ blobs: [CaffeBlob], of kind: CaffeLayerKind) throws {
        switch kind {
        case .convolution(let c):
            try checkBlobCount(blobs, hasBias: c.hasBias)
            guard let weight = blobs.first else { return }
            let s = weight.shape
            guard s.count == 4, s[0] == c.outputChannels, s[1] > 0,
                  s[2] == c.kernelSize.height, s[3] == c.kernelSize.width else {
                throw mismatch("weight shape \(s) is not [\(c.outputChannels), inC/groups, "
                               + "\(c.kernelSize.height), \(c.kernelSize.width)]")
            }
            try checkBias(blobs, outputs: c.outputChannels)
        case .innerProduct(let p):
            try checkBlobCount(blobs, hasBias: p.hasBias)
            guard let weight = blobs.first else { return }
            guard weight.count > 0, weight.count % p.outputCount == 0 else {
                throw mismatch("weight shape \(weight.shape) does not hold \(p.outputCount) rows")
            }
            try checkBias(blobs, outputs: p.outputCount)
        case .prelu(let shared):
            guard blobs.isEmpty || (blobs.count == 1 && blobs[0].count > 0 && (!shared || blobs[0].count == 1)) else {
                throw mismatch("expects one slope blob (\(shared ? "[1], channel_shared" : "[C]")), found shapes \(blobs.map(\.shape))")
            }
        case .batchNorm:
            // mean [C], variance [C], moving-average factor [1] (batch_norm_layer.cpp).
            guard blobs.isEmpty || (blobs.count == 3 && blobs[0].count > 0 && blobs[1].count == blobs[0].count
                                    && blobs[2].count == 1) else {
                throw mismatch("expects blobs mean [C], variance [C], factor [1], found shapes \(blobs.map(\.shape))")
            }
        case .scale(let hasBias):
            let expected = hasBias ? 2 : 1
            guard blobs.isEmpty || (blobs.count == expected && blobs[0].count > 0
                                    && blobs.allSatisfy { $0.count == blobs[0].count }) else {
                throw mismatch("expects \(hasBias ? "blobs scale [C] and bias [C]" : "one scale blob [C]"), found shapes \(blobs.map(\.shape))")
            }
        default:
            break
        }
    }

    /// A data layer's `transform_param`, or nil when it has none.
    func transform(_ messages: [ProtobufReader]) throws -> CaffeTransform? {
        guard !messages.isEmpty else { return nil }
        typealias F = CaffeProto.TransformationParameter
        var transform = CaffeTransform()
        var cropSize: UInt64 = 0
        try forEachField(messages) { r, tag in
            switch tag.field {
            case F.scale: transform.scale = try r.readFloat(tag)
            case F.cropSize: cropSize = try r.readUInt64(tag)
            case F.meanFile: transform.meanFile = try r.readString(tag)
            case F.meanValue: try r.readFloats(tag, into: &transform.meanValues)
            default: try r.skipField(tag)
            }
        }
        guard transform.scale.isFinite, transform.scale != 0 else { throw invalid("transform_param.scale \(transform.scale) must be finite and non-zero") }
        guard transform.meanValues.allSatisfy(\.isFinite) else { throw invalid("transform_param.mean_value must be finite") }
        guard cropSize <= UInt64(Int32.max) else { throw invalid("transform_param.crop_size \(cropSize) is too large") }
        transform.cropSize = Int(cropSize)
        return transform
    }

    // MARK: Parameter messages

    private func convolution(_ messages: [ProtobufReader]) throws -> CaffeConvolution {
        typealias F = CaffeProto.ConvolutionParameter
        var numOutput: UInt32?, biasTerm = true, group: UInt32 = 1, axis: Int32 = 1
        var pad: [UInt32] = [], kernel: [UInt32] = [], stride: [UInt32] = [], dilation: [UInt32] = []
        var padH: UInt32?, padW: UInt32?, kernelH: UInt32?, kernelW: UInt32?, strideH: UInt32?, strideW: UInt32?
        try forEachField(messages) { r, tag in
            switch tag.field {
            case F.numOutput: numOutput = try r.readUInt32(tag)
            case F.biasTerm: biasTerm = try r.readBool(tag)
            case F.pad: try r.readUInt32s(tag, into: &pad)
            case F.kernelSize: try r.readUInt32s(tag, into: &kernel)
            case F.group: group = try r.readUInt32(tag)
            case F.stride: try r.readUInt32s(tag, into: &stride)
            case F.padH: padH = try r.readUInt32(tag)
            case F.padW: padW = try r.readUInt32(tag)
            case F.kernelH: kernelH = try r.readUInt32(tag)
            case F.kernelW: kernelW = try r.readUInt32(tag)
            case F.strideH: strideH = try r.readUInt32(tag)
            case F.strideW: strideW = try r.readUInt32(tag)
            case F.axis: axis = try r.readInt32(tag)
            case F.dilation: try r.readUInt32s(tag, into: &dilation)
            default: try r.skipField(tag)
            }
        }
        guard axis == 1 else { throw unsupported("convolution over axis \(axis) (only 1: NCHW)") }
        guard let numOutput, numOutput > 0 else { throw invalid("convolution_param.num_output is missing or 0") }
        guard group > 0, numOutput % group == 0 else {
            throw invalid("num_output \(numOutput) is not a multiple of group \(group)")
        }
        let kernelSize = try convolutionExtent("kernel_size", "kernel", kernel, kernelH, kernelW, absent: nil, axisDefault: nil)
        let strides = try convolutionExtent("stride", "stride", stride, strideH, strideW, absent: 1, axisDefault: nil)
        let padding = try convolutionExtent("pad", "pad", pad, padH, padW, absent: 0, axisDefault: 0)
        let dilations = try convolutionExtent("dilation", "dilation", dilation, nil, nil, absent: 1, axisDefault: nil)
        guard dilations.height > 0, dilations.width > 0 else { throw invalid("dilation \(dilations) must be positive") }
        guard kernelSize.height > 0, kernelSize.width > 0 else { throw invalid("kernel size \(kernelSize) must be positive") }
        guard strides.height > 0, strides.width > 0 else { throw invalid("stride \(strides) must be positive") }
        return CaffeConvolution(outputChannels: Int(numOutput), kernelSize: kernelSize, stride: strides,
                                padding: padding, dilation: dilations, groups: Int(group), hasBias: biasTerm)
    }

    /// A convolution's kernel, stride or pad: one value for both axes, one per axis, or the
    /// `_h`/`_w` pair, never both forms (Caffe's `BaseConvolutionLayer::LayerSetUp`).
    /// `name` is the field (`kernel_size`), `pair` the prefix of its `_h`/`_w` fields (`kernel`).
    private func convolutionExtent(_ name: String, _ pair: String, _ values: [UInt32], _ h: UInt32?, _ w: UInt32?,
                                   absent: Int?, axisDefault: UInt32?) throws -> CaffeHeightWidth {
        if h != nil || w != nil {
            guard values.isEmpty else { throw invalid("give \(name) or \(pair)_h/\(pair)_w, not both") }
            guard let height = h ?? axisDefault, let width = w ?? axisDefault else {
                throw invalid("\(pair)_h and \(pair)_w must both be given")
            }
            return CaffeHeightWidth(Int(height), Int(width))
        }
        switch values.count {
        case 0:
            guard let absent else { throw invalid("\(name) is missing") }
            return CaffeHeightWidth(square: absent)
        case 1: return CaffeHeightWidth(square: Int(values[0]))
        case 2: return CaffeHeightWidth(Int(values[0]), Int(values[1]))
        default: throw unsupported("\(name) \(values) (only 2-D convolution)")
        }
    }

    private func pooling(_ messages: [ProtobufReader]) throws -> CaffePooling {
        typealias F = CaffeProto.PoolingParameter
        var pool: Int32 = F.PoolMethod.max, roundMode: Int32 = F.RoundMode.ceil, isGlobal = false
        var kernel: UInt32?, kernelH: UInt32?, kernelW: UInt32?
        var stride: UInt32?, strideH: UInt32?, strideW: UInt32?
        var pad: UInt32?, padH: UInt32?, padW: UInt32?
        try forEachField(messages) { r, tag in
            switch tag.field {
            case F.pool: pool = try r.readInt32(tag)
            case F.kernelSize: kernel = try r.readUInt32(tag)
            case F.stride: stride = try r.readUInt32(tag)
            case F.pad: pad = try r.readUInt32(tag)
            case F.kernelH: kernelH = try r.readUInt32(tag)
            case F.kernelW: kernelW = try r.readUInt32(tag)
            case F.strideH: strideH = try r.readUInt32(tag)
            case F.strideW: strideW = try r.readUInt32(tag)
            case F.padH: padH = try r.readUInt32(tag)
            case F.padW: padW = try r.readUInt32(tag)
            case F.globalPooling: isGlobal = try r.readBool(tag)
            case F.roundMode: roundMode = try r.readInt32(tag)
            default: try r.skipField(tag)
            }
        }
        let method: CaffePooling.Method
        switch pool {
        case F.PoolMethod.max: method = .max
        case F.PoolMethod.average: method = .average
        case F.PoolMethod.stochastic: throw unsupported("STOCHASTIC pooling (only MAX and AVE)")
        default: throw invalid("unknown pooling method \(pool)")
        }
        let rounding: CaffePooling.Rounding
        switch roundMode {
        case F.RoundMode.ceil: rounding = .ceil
        case F.RoundMode.floor: rounding = .floor
        default: throw invalid("unknown round_mode \(roundMode)")
        }
        let strides = try poolingExtent("stride", "stride", stride, strideH, strideW) ?? CaffeHeightWidth(square: 1)
        let padding = try poolingExtent("pad", "pad", pad, padH, padW) ?? CaffeHeightWidth(square: 0)
        guard strides.height > 0, strides.width > 0 else { throw invalid("stride \(strides) must be positive") }
        if isGlobal {
            guard kernel == nil, kernelH == nil, kernelW == nil else {
                throw invalid("global_pooling with a kernel size")
            }
            guard padding == CaffeHeightWidth(square: 0), strides == CaffeHeightWidth(square: 1) else {
                throw invalid("global_pooling needs pad 0 and stride 1, found pad \(padding) and stride \(strides)")
            }
            return CaffePooling(method: method, kernelSize: nil, rounding: rounding)
        }
        guard let kernelSize = try poolingExtent("kernel_size", "kernel", kernel, kernelH, kernelW) else {
            throw invalid("pooling_param.kernel_size is missing")
        }
        guard kernelSize.height > 0, kernelSize.width > 0 else { throw invalid("kernel size \(kernelSize) must be positive") }
        guard padding.height < kernelSize.height, padding.width < kernelSize.width else {
            throw invalid("pad \(padding) must be smaller than the kernel \(kernelSize)")
        }
        return CaffePooling(method: method, kernelSize: kernelSize, stride: strides, padding: padding,
                            rounding: rounding)
    }

    /// A pooling kernel, stride or pad: one value, or both of the `_h`/`_w` pair (PoolingLayer).
    private func poolingExtent(_ name: String, _ pair: String, _ value: UInt32?, _ h: UInt32?, _ w: UInt32?) throws -> CaffeHeightWidth? {
        if h != nil || w != nil {
            guard value == nil else { throw invalid("give \(name) or \(pair)_h and \(pair)_w, not both") }
            guard let h, let w else { throw invalid("\(pair)_h and \(pair)_w must both be given") }
            return CaffeHeightWidth(Int(h), Int(w))
        }
        return value.map { CaffeHeightWidth(square: Int($0)) }
    }

    private func lrn(_ messages: [ProtobufReader]) throws -> CaffeLRN {
        typealias F = CaffeProto.LRNParameter
        var parameters = CaffeLRN()
        var localSize: UInt32 = 5, region: Int32 = F.NormRegion.acrossChannels
        try forEachField(messages) { r, tag in
            switch tag.field {
            case F.localSize: localSize = try r.readUInt32(tag)
            case F.alpha: parameters.alpha = try r.readFloat(tag)
            case F.beta: parameters.beta = try r.readFloat(tag)
            case F.normRegion: region = try r.readInt32(tag)
            case F.k: parameters.k = try r.readFloat(tag)
            default: try r.skipField(tag)
            }
        }
        switch region {
        case F.NormRegion.acrossChannels: parameters.region = .acrossChannels
        case F.NormRegion.withinChannel: parameters.region = .withinChannel
        default: throw invalid("unknown LRN norm_region \(region)")
        }
        guard localSize % 2 == 1 else { throw invalid("LRN local_size \(localSize) must be odd") }
        guard parameters.alpha.isFinite, parameters.beta.isFinite, parameters.k.isFinite else {
            throw invalid("LRN alpha \(parameters.alpha), beta \(parameters.beta), k \(parameters.k) must be finite")
        }
        parameters.size = Int(localSize)
        return parameters
    }

    private func innerProduct(_ messages: [ProtobufReader]) throws -> CaffeInnerProduct {
        typealias F = CaffeProto.InnerProductParameter
        var numOutput: UInt32?, biasTerm = true, axis: Int32 = 1, transpose = false
        try forEachField(messages) { r, tag in
            switch tag.field {
            case F.numOutput: numOutput = try r.readUInt32(tag)
            case F.biasTerm: biasTerm = try r.readBool(tag)
            case F.axis: axis = try r.readInt32(tag)
            case F.transpose: transpose = try r.readBool(tag)
            default: try r.skipField(tag)
            }
        }
        guard let numOutput, numOutput > 0 else { throw invalid("inner_product_param.num_output is missing or 0") }
        return CaffeInnerProduct(outputCount: Int(numOutput), hasBias: biasTerm, axis: Int(axis),
                                 isTransposed: transpose)
    }

    private func dropoutRatio(_ messages: [ProtobufReader]) throws -> Float {
        var ratio: Float = 0.5
        try forEachField(messages) { r, tag in
            if tag.field == CaffeProto.DropoutParameter.dropoutRatio {
                ratio = try r.readFloat(tag)
            } else {
                try r.skipField(tag)
            }
        }
        guard ratio >= 0, ratio < 1 else { throw invalid("dropout_ratio \(ratio) is outside [0, 1)") }
        return ratio
    }

    private func preluChannelShared(_ messages: [ProtobufReader]) throws -> Bool {
        var shared = false
        try forEachField(messages) { r, tag in
            if tag.field == CaffeProto.PReLUParameter.channelShared { shared = try r.readBool(tag) } else { try r.skipField(tag) }
        }
        return shared
    }

    private func batchNormEpsilon(_ messages: [ProtobufReader]) throws -> Float {
        var epsilon: Float = 1e-5
        try forEachField(messages) { r, tag in
            if tag.field == CaffeProto.BatchNormParameter.eps { epsilon = try r.readFloat(tag) } else { try r.skipField(tag) }
        }
        guard epsilon.isFinite, epsilon >= 0 else { throw invalid("BatchNorm eps \(epsilon) must be finite and >= 0") }
        return epsilon
    }

    /// Only the per-channel form (axis 1, num_axes 1) that follows BatchNorm; a Scale with two
    /// bottoms (a learned blob times another) is a branch and caught by the network builder.
    private func scaleHasBias(_ messages: [ProtobufReader]) throws -> Bool {
        typealias F = CaffeProto.ScaleParameter
        var hasBias = false, axis: Int32 = 1, numAxes: Int32 = 1
        try forEachField(messages) { r, tag in
            switch tag.field {
            case F.axis: axis = try r.readInt32(tag)
            case F.numAxes: numAxes = try r.readInt32(tag)
            case F.biasTerm: hasBias = try r.readBool(tag)
            default: try r.skipField(tag)
            }
        }
        guard axis == 1, numAxes == 1 else { throw unsupported("Scale over axis \(axis), num_axes \(numAxes) (only per channel: 1, 1)") }
        return hasBias
    }

    private func reluSlope(_ messages: [ProtobufReader]) throws -> Float {
        var slope: Float = 0
        try forEachField(messages) { r, tag in
            if tag.field == CaffeProto.ReLUParameter.negativeSlope {
                slope = try r.readFloat(tag)
            } else {
                try r.skipField(tag)
            }
        }
        guard slope.isFinite else { throw invalid("ReLU negative_slope \(slope) must be finite") }
        return slope
    }

    // MARK: Helpers

    private func forEachField(_ messages: [ProtobufReader],
                              _ body: (inout ProtobufReader, ProtobufTag) throws -> Void) throws {
        for message in messages {
            var reader = message
            while let tag = try reader.nextTag() { try body(&reader, tag) }
        }
    }

    private func checkBlobCount(_ blobs: [CaffeBlob], hasBias: Bool) throws {
        let expected = hasBias ? 2 : 1
        guard blobs.isEmpty || blobs.count == expected else {
            throw mismatch("expects \(expected) blobs (\(hasBias ? "weight, bias" : "weight")), found \(blobs.count)")
        }
    }

    private func checkBias(_ blobs: [CaffeBlob], outputs: Int) throws {
        guard blobs.count == 2 else { return }
        guard blobs[1].count == outputs else {
            throw mismatch("bias shape \(blobs[1].shape) does not hold \(outputs) values")
        }
    }

    private func invalid(_ problem: String) -> CaffeModelError {
        .invalidParameter(file: file, layer: layer, problem: problem)
    }

    private func unsupported(_ feature: String) -> CaffeModelError {
        .unsupported(file: file, layer: layer, feature: feature)
    }

    private func mismatch(_ problem: String) -> CaffeModelError {
        .blobsMismatch(file: file, layer: layer, problem: problem)
    }
}
