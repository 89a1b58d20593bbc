import CaffeModel
import CaffeTestSupport
import Testing

@Suite struct CaffeNetReadingTests {
    typealias HW = CaffeHeightWidth

    @Test func readsV2LayersInAlexNetOrder() throws {
        let net = try CaffeNet(serialized: TinyCaffeNets.alexNetOrderV2(), file: "tiny.caffemodel")
        #expect(net.name == "TinyAlexNet")
        #expect(net.layerFormat == .v2)
        #expect(net.inputs.isEmpty)
        #expect(net.layers.map(\.name) == ["data", "conv1", "relu1", "norm1", "pool1", "conv2", "relu2", "norm2",
                                           "pool2", "fc6", "relu6", "drop6", "prob", "loss"])
        let expected: [CaffeLayer] = [
            CaffeLayer(name: "data", kind: .other(typeName: "Input"), tops: ["data"]),
            CaffeLayer(name: "conv1",
                       kind: .convolution(CaffeConvolution(outputChannels: 4, kernelSize: HW(square: 3),
                                                           stride: HW(square: 2), padding: HW(square: 1))),
                       bottoms: ["data"], tops: ["conv1"],
                       blobs: [CaffeBlob(shape: [4, 3, 3, 3], data: RawCaffe.ramp(108)),
                               CaffeBlob(shape: [4], data: [0.5, 1, 1.5, 2])]),
            CaffeLayer(name: "relu1", kind: .relu(negativeSlope: 0), bottoms: ["conv1"], tops: ["conv1"]),
            CaffeLayer(name: "norm1", kind: .lrn(CaffeLRN(size: 5, alpha: 1e-4, beta: 0.75, k: 2)),
                       bottoms: ["conv1"], tops: ["norm1"]),
            CaffeLayer(name: "pool1", kind: .pooling(CaffePooling(method: .max, kernelSize: HW(square: 3), stride: HW(square: 2))),
                       bottoms: ["norm1"], tops: ["pool1"]),
            CaffeLayer(name: "conv2",
                       kind: .convolution(CaffeConvolution(outputChannels: 4, kernelSize: HW(square: 3),
                                                           padding: HW(square: 1), groups: 2, hasBias: false)),
                       bottoms: ["pool1"], tops: ["conv2"],
                       blobs: [CaffeBlob(shape: [4, 2, 3, 3], data: RawCaffe.ramp(72, from: 5))]),
            CaffeLayer(name: "relu2", kind: .relu(negativeSlope: 0), bottoms: ["conv2"], tops: ["conv2"]),
            CaffeLayer(name: "norm2", kind: .lrn(CaffeLRN(size: 3, alpha: 0.5, beta: 0.75, k: 1)),
                       bottoms: ["conv2"], tops: ["norm2"]),
            CaffeLayer(name: "pool2",
                       kind: .pooling(CaffePooling(method: .average, kernelSize: HW(square: 2), stride: HW(square: 2),
                                                   padding: HW(square: 1))),
                       bottoms: ["norm2"], tops: ["pool2"]),
            CaffeLayer(name: "fc6", kind: .innerProduct(CaffeInnerProduct(outputCount: 3)),
                       bottoms: ["pool2"], tops: ["fc6"],
                       blobs: [CaffeBlob(shape: [3, 16], data: RawCaffe.ramp(48)), CaffeBlob(shape: [3], data: [-1, 0, 1])]),
            CaffeLayer(name: "relu6", kind: .relu(negativeSlope: 0.125), bottoms: ["fc6"], tops: ["fc6"]),
            CaffeLayer(name: "drop6", kind: .dropout(ratio: 0.375), bottoms: ["fc6"], tops: ["fc6"]),
            CaffeLayer(name: "prob", kind: .other(typeName: "Softmax"), bottoms: ["fc6"], tops: ["prob"]),
            CaffeLayer(name: "loss", kind: .other(typeName: "SoftmaxWithLoss"), bottoms: ["fc6"], tops: ["loss"]),
        ]
        #expect(net.layers == expected)
        #expect(net.layer(named: "conv2")?.kind.typeName == "Convolution")
        #expect(net.layer(named: "missing") == nil)
    }

    @Test func readsV1LayersInCaffeNetOrder() throws {
        let net = try CaffeNet(serialized: TinyCaffeNets.caffeNetOrderV1(), file: "tiny-v1.caffemodel")
        #expect(net.name == "TinyCaffeNet")
        #expect(net.layerFormat == .v1)
        #expect(net.inputs == [CaffeInput(name: "data", shape: [1, 3, 9, 9])])
        let expected: [CaffeLayer] = [
            CaffeLayer(name: "conv1",
                       kind: .convolution(CaffeConvolution(outputChannels: 4, kernelSize: HW(square: 3), stride: HW(square: 2))),
                       bottoms: ["data"], tops: ["conv1"],
                       blobs: [CaffeBlob(shape: [4, 3, 3, 3], data: RawCaffe.ramp(108)),
                               CaffeBlob(shape: [1, 1, 1, 4], data: [1, 2, 3, 4])]),
            CaffeLayer(name: "relu1", kind: .relu(negativeSlope: 0), bottoms: ["conv1"], tops: ["conv1"]),
            CaffeLayer(name: "pool1", kind: .pooling(CaffePooling(method: .max, kernelSize: HW(square: 3), stride: HW(square: 2))),
                       bottoms: ["conv1"], tops: ["pool1"]),
            CaffeLayer(name: "norm1", kind: .lrn(CaffeLRN(size: 5, alpha: 1e-4, beta: 0.75, k: 1)),
                       bottoms: ["pool1"], tops: ["norm1"]),
            CaffeLayer(name: "conv2",
                       kind: .convolution(CaffeConvolution(outputChannels: 4, kernelSize: HW(square: 3),
                                                           padding: HW(square: 1), groups: 2)),
                       bottoms: ["norm1"], tops: ["conv2"],
                       blobs: [CaffeBlob(shape: [4, 2, 3, 3], data: (0..<72).map { Float($0) / 8 }),
                               CaffeBlob(shape: [1, 1, 1, 4], data: [0, -1, -2, -3])]),
            CaffeLayer(name: "relu2", kind: .relu(negativeSlope: 0), bottoms: ["conv2"], tops: ["conv2"]),
            CaffeLayer(name: "pool2", kind: .pooling(CaffePooling(method: .average, kernelSize: HW(square: 2), stride: HW(square: 2))),
                       bottoms: ["conv2"], tops: ["pool2"]),
            CaffeLayer(name: "norm2", kind: .lrn(CaffeLRN()), bottoms: ["pool2"], tops: ["norm2"]),
            CaffeLayer(name: "fc6", kind: .innerProduct(CaffeInnerProduct(outputCount: 2)), bottoms: ["norm2"], tops: ["fc6"],
                       blobs: [CaffeBlob(shape: [1, 1, 2, 16], data: RawCaffe.ramp(32)),
                               CaffeBlob(shape: [1, 1, 1, 2], data: [7, 8])]),
            CaffeLayer(name: "drop6", kind: .dropout(ratio: 0.25), bottoms: ["fc6"], tops: ["fc6"]),
            CaffeLayer(name: "prob", kind: .other(typeName: "Softmax"), bottoms: ["fc6"], tops: ["prob"]),
            CaffeLayer(name: "loss", kind: .other(typeName: "SoftmaxWithLoss"), bottoms: ["fc6"], tops: ["loss"]),
            CaffeLayer(name: "mystery", kind: .other(typeName: "V1LayerType(99)"), bottoms: ["fc6"], tops: ["x"]),
        ]
        #expect(net.layers == expected)
    }

    @Test func appliesProto2DefaultsWhenFieldsAreAbsent() throws {
        let bytes = RawCaffe.net(name: "defaults") { w in
            RawCaffe.v2Layer(&w, name: "conv", type: "Convolution", bottom: "data", top: "conv") { l in
                l.writeMessage(field: 106) { c in
                    c.write(field: 1, uint32: 2)
                    c.write(field: 4, uint32: 1)
                }
            }
            RawCaffe.v2Layer(&w, name: "relu", type: "ReLU", bottom: "conv", top: "conv")
            RawCaffe.v2Layer(&w, name: "norm", type: "LRN", bottom: "conv", top: "norm")
            RawCaffe.v2Layer(&w, name: "pool", type: "Pooling", bottom: "norm", top: "pool") { l in
                l.writeMessage(field: 121) { $0.write(field: 2, uint32: 2) }
            }
            RawCaffe.v2Layer(&w, name: "fc", type: "InnerProduct", bottom: "pool", top: "fc") { l in
                l.writeMessage(field: 117) { $0.write(field: 1, uint32: 3) }
            }
            RawCaffe.v2Layer(&w, name: "drop", type: "Dropout", bottom: "fc", top: "fc")
        }
        let kinds = try CaffeNet(serialized: bytes).layers.map(\.kind)
        #expect(kinds == [
            .convolution(CaffeConvolution(outputChannels: 2, kernelSize: HW(1, 1), stride: HW(1, 1), padding: HW(0, 0),
                                          groups: 1, hasBias: true)),
            .relu(negativeSlope: 0),
            .lrn(CaffeLRN(size: 5, alpha: 1, beta: 0.75, k: 1)),
            .pooling(CaffePooling(method: .max, kernelSize: HW(2, 2), stride: HW(1, 1), padding: HW(0, 0), rounding: .ceil)),
            .innerProduct(CaffeInnerProduct(outputCount: 3, hasBias: true, axis: 1, isTransposed: false)),
            .dropout(ratio: 0.5),
        ])
    }

    @Test func readsPerAxisSizesRepeatedFormsAndMergedMessages() throws {
        let bytes = RawCaffe.net(name: "axes") { w in
            RawCaffe.v2Layer(&w, name: "hw", type: "Convolution", bottom: "data", top: "hw") { l in
                l.writeMessage(field: 106) { c in
                    c.write(field: 1, uint32: 2)
                    c.write(field: 11, uint32: 3)                                // kernel_h
                    c.write(field: 12, uint32: 5)                                // kernel_w
                    c.write(field: 13, uint32: 1)                                // stride_h
                    c.write(field: 14, uint32: 2)                                // stride_w
                    c.write(field: 9, uint32: 1)                                 // pad_h (pad_w defaults to 0)
                    c.write(field: 18, uint32: 1)                                // dilation 1 is fine
                }
            }
            RawCaffe.v2Layer(&w, name: "repeated", type: "Convolution", bottom: "hw", top: "repeated") { l in
                l.writeMessage(field: 106) { c in
                    c.write(field: 1, uint32: 2)
                    c.write(field: 4, uint32: 3)                                 // kernel_size, unpacked twice
                    c.write(field: 4, uint32: 5)
                    c.write(field: 3, packedInt64s: [1, 2])                      // pad, packed
                }
                l.writeMessage(field: 106) { c in                                // merged: later values win
                    c.write(field: 1, uint32: 6)
                    c.write(field: 5, uint32: 3)                                 // group
                }
            }
            RawCaffe.v2Layer(&w, name: "pool", type: "Pooling", bottom: "repeated", top: "pool") { l in
                l.writeMessage(field: 121) { p in
                    p.write(field: 1, int32: 1)                                  // AVE
                    p.write(field: 5, uint32: 2)                                 // kernel_h
                    p.write(field: 6, uint32: 3)                                 // kernel_w
                    p.write(field: 7, uint32: 1)                                 // stride_h
                    p.write(field: 8, uint32: 2)                                 // stride_w
                    p.write(field: 9, uint32: 1)                                 // pad_h
                    p.write(field: 10, uint32: 0)                                // pad_w
                    p.write(field: 13, int32: 1)                                 // round_mode: FLOOR
                }
            }
            RawCaffe.v2Layer(&w, name: "global", type: "Pooling", bottom: "pool", top: "global") { l in
                l.writeMessage(field: 121) { p in
                    p.write(field: 1, int32: 1)
                    p.write(field: 12, bool: true)                               // global_pooling
                }
            }
        }
        let kinds = try CaffeNet(serialized: bytes).layers.map(\.kind)
        #expect(kinds == [
            .convolution(CaffeConvolution(outputChannels: 2, kernelSize: HW(3, 5), stride: HW(1, 2), padding: HW(1, 0))),
            .convolution(CaffeConvolution(outputChannels: 6, kernelSize: HW(3, 5), padding: HW(1, 2), groups: 3)),
            .pooling(CaffePooling(method: .average, kernelSize: HW(2, 3), stride: HW(1, 2), padding: HW(1, 0), rounding: .floor)),
            .pooling(CaffePooling(method: .average, kernelSize: nil)),
        ])
    }

    /// As Caffe's Blob::FromProto: any legacy dimension makes the blob 4-D (absent ones are 0)
    /// and overrides `shape`.
    @Test func legacyDimensionsOverrideShape() throws {
        var partial = ProtobufWriter()
        partial.write(field: 2, int32: 3)                                        // channels only
        var both = RawCaffe.blob(shape: [6], data: RawCaffe.ramp(6))
        for (field, d) in zip(1...4, [1, 2, 1, 3] as [Int32]) { both.write(field: field, int32: d) }
        let bytes = RawCaffe.net(name: "legacy") { w in
            RawCaffe.v2Layer(&w, name: "data", type: "Data", bottom: nil, top: "data", blobs: [partial, both])
        }
        let blobs = try CaffeNet(serialized: bytes).layers[0].blobs
        #expect(blobs == [CaffeBlob(shape: [0, 3, 0, 0], data: []), CaffeBlob(shape: [1, 2, 1, 3], data: RawCaffe.ramp(6))])
    }

    /// A net written by the module's encoder in either format reads back equal (V1 blobs come
    /// back in their legacy 4-D form).
    @Test func serializedNetsReadBack() throws {
        let net = CaffeNet(name: "roundtrip", inputs: [CaffeInput(name: "data", shape: [2, 3, 8, 8])], layers: [
            CaffeLayer(name: "data", kind: .other(typeName: "Data"), tops: ["data", "label"]),
            CaffeLayer(name: "conv1",
                       kind: .convolution(CaffeConvolution(outputChannels: 4, kernelSize: HW(3, 1), stride: HW(2, 1),
                                                           padding: HW(0, 1), groups: 1, hasBias: true)),
                       bottoms: ["data"], tops: ["conv1"],
                       blobs: [CaffeBlob(shape: [4, 3, 3, 1], data: RawCaffe.ramp(36)),
                               CaffeBlob(shape: [1, 1, 1, 4], data: [1, 2, 3, 4])]),
            CaffeLayer(name: "relu1", kind: .relu(negativeSlope: 0.5), bottoms: ["conv1"], tops: ["conv1"]),
            CaffeLayer(name: "pool1", kind: .pooling(CaffePooling(method: .max, kernelSize: HW(2, 2), stride: HW(2, 2),
                                                                  rounding: .floor)),
                       bottoms: ["conv1"], tops: ["pool1"]),
            CaffeLayer(name: "norm1", kind: .lrn(CaffeLRN(size: 3, alpha: 2e-4, beta: 0.5, k: 2)),
                       bottoms: ["pool1"], tops: ["norm1"]),
            CaffeLayer(name: "conv2",
                       kind: .convolution(CaffeConvolution(outputChannels: 4, kernelSize: HW(square: 3),
                                                           padding: HW(square: 1), groups: 2, hasBias: false)),
                       bottoms: ["norm1"], tops: ["conv2"],
                       blobs: [CaffeBlob(shape: [4, 2, 3, 3], data: RawCaffe.ramp(72))]),
            CaffeLayer(name: "gap", kind: .pooling(CaffePooling(method: .average, kernelSize: nil)),
                       bottoms: ["conv2"], tops: ["gap"]),
            CaffeLayer(name: "fc", kind: .innerProduct(CaffeInnerProduct(outputCount: 2, hasBias: false, axis: 1,
                                                                         isTransposed: true)),
                       bottoms: ["gap"], tops: ["fc"], blobs: [CaffeBlob(shape: [1, 1, 4, 2], data: RawCaffe.ramp(8))]),
            CaffeLayer(name: "drop", kind: .dropout(ratio: 0.5), bottoms: ["fc"], tops: ["fc"]),
            CaffeLayer(name: "prob", kind: .other(typeName: "Softmax"), bottoms: ["fc"], tops: ["prob"]),
        ])
        for format in [CaffeNet.LayerFormat.v1, .v2] {
            var expected = net
            expected.layerFormat = format
            #expect(try CaffeNet(serialized: net.serialized(as: format)) == expected)
        }
        // V1 writes 1-D and 2-D blobs as legacy 4-D ones.
        let small = CaffeNet(layers: [CaffeLayer(name: "fc", kind: .innerProduct(CaffeInnerProduct(outputCount: 2)),
                                                 blobs: [CaffeBlob(shape: [2, 3], data: RawCaffe.ramp(6)),
                                                         CaffeBlob(shape: [2], data: [1, 2])])])
        let v1 = try CaffeNet(serialized: small.serialized(as: .v1))
        #expect(v1.layers[0].blobs.map(\.shape) == [[1, 1, 2, 3], [1, 1, 1, 2]])
        #expect(try CaffeNet(serialized: small.serialized(as: .v2)).layers == small.layers)
    }

    @Test func readsFromDisk() throws {
        let directory = try TemporaryDirectory()
        let url = try directory.write(TinyCaffeNets.caffeNetOrderV1(), to: "places-tiny.caffemodel")
        let net = try CaffeNet(contentsOf: url)
        #expect(net.layers.count == 13)
        #expect(net == (try CaffeNet(serialized: TinyCaffeNets.caffeNetOrderV1())))
    }
}
