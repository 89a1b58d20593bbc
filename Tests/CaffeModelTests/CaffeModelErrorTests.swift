import CaffeModel
import CaffeTestSupport
import Testing

@Suite struct CaffeModelErrorTests {
    private let file = "bad.caffemodel"

    @discardableResult
    private func read(_ bytes: [UInt8]) throws -> CaffeNet {
        try CaffeNet(serialized: bytes, file: file)
    }

    /// One V2 layer with the given type and parameter writer.
    private func oneLayer(_ name: String = "layer1", type: String, blobs: [ProtobufWriter] = [],
                          _ extra: @escaping (inout ProtobufWriter) -> Void = { _ in }) -> [UInt8] {
        RawCaffe.net(name: "net") { w in
            RawCaffe.v2Layer(&w, name: name, type: type, bottom: "data", top: name, blobs: blobs, extra)
        }
    }

    @Test func truncatedFile() throws {
        let bytes = TinyCaffeNets.alexNetOrderV2()
        let cut = Array(bytes.dropLast(10))
        let error = try #require(throws: CaffeModelError.self) { try read(cut) }
        guard case .wire(file, .truncated(let offset, let needed, let available)) = error else {
            Issue.record("expected truncation, got \(error)")
            return
        }
        // The last layer's length runs past the end of the cut file.
        #expect(offset + available == cut.count)
        #expect(needed == available + 10)
        #expect(error.description.hasPrefix("bad.caffemodel: truncated"))
    }

    @Test func corruptedVarint() {
        // NetParameter { layer (A2 06, 12 bytes) { name (0A) with an 11-byte length varint } }:
        // the varint starts at byte 4.
        let bytes: [UInt8] = [0xA2, 0x06, 0x0C, 0x0A] + Array(repeating: 0xFF, count: 10) + [0x01]
        #expect(throws: CaffeModelError.wire(file: file, .malformedVarint(offset: 4))) { try read(bytes) }
    }

    @Test func unknownWireType() {
        var bytes = TinyCaffeNets.alexNetOrderV2()
        let offset = bytes.count
        bytes.append(0x0F)                                                    // field 1, wire type 7
        #expect(throws: CaffeModelError.wire(file: file, .invalidWireType(7, offset: offset))) { try read(bytes) }
    }

    @Test func blobWithWrongElementCount() {
        let bytes = oneLayer("conv1", type: "Convolution",
                             blobs: [RawCaffe.blob(shape: [4, 3, 3, 3], data: RawCaffe.ramp(107))]) { l in
            l.writeMessage(field: 106) { c in
                c.write(field: 1, uint32: 4)
                c.write(field: 2, bool: false)
                c.write(field: 4, uint32: 3)
            }
        }
        let expected = CaffeModelError.shapeMismatch(file: file, layer: "conv1", blob: 0, shape: [4, 3, 3, 3],
                                                     expected: 108, found: 107)
        #expect(throws: expected) { try read(bytes) }
        #expect(expected.description == "bad.caffemodel: layer conv1, blob 0 has shape [4, 3, 3, 3] (108 values) but holds 107 values")
    }

    @Test func negativeOrOverflowingDimensions() {
        let negative = oneLayer(type: "Data", blobs: [RawCaffe.legacyBlob([1, -3, 1, 1], data: [], packed: true)])
        #expect(throws: CaffeModelError.invalidShape(file: file, layer: "layer1", blob: 0, dimensions: [1, -3, 1, 1])) {
            try read(negative)
        }
        let huge = oneLayer(type: "Data", blobs: [RawCaffe.blob(shape: [1 << 20, 1 << 20], data: [])])
        #expect(throws: CaffeModelError.invalidShape(file: file, layer: "layer1", blob: 0, dimensions: [1 << 20, 1 << 20])) {
            try read(huge)
        }
    }

    @Test func unsupportedParametersNameTheLayer() throws {
        // Dilation and WITHIN_CHANNEL LRN are read (the network builder supports both); a 3-D
        // dilation is not.
        let dilated = oneLayer("conv3", type: "Convolution") { l in
            l.writeMessage(field: 106) { c in
                c.write(field: 1, uint32: 4)
                c.write(field: 4, uint32: 3)
                c.write(field: 18, uint32: 2)                                    // dilation
            }
        }
        guard case .convolution(let c) = try read(dilated).layers[0].kind else { Issue.record("not a convolution"); return }
        #expect(c.dilation == CaffeHeightWidth(square: 2))
        let dilated3D = oneLayer("conv3", type: "Convolution") { l in
            l.writeMessage(field: 106) { c in
                c.write(field: 1, uint32: 4)
                c.write(field: 4, uint32: 3)
                for d: UInt32 in [2, 2, 2] { c.write(field: 18, uint32: d) }   // dilation, three axes
            }
        }
        #expect(throws: CaffeModelError.unsupported(file: file, layer: "conv3", feature: "dilation [2, 2, 2] (only 2-D convolution)")) {
            try read(dilated3D)
        }
        let withinChannel = oneLayer("norm1", type: "LRN") { l in
            l.writeMessage(field: 118) { $0.write(field: 4, int32: 1) }          // norm_region: WITHIN_CHANNEL
        }
        #expect(try read(withinChannel).layers[0].kind == .lrn(CaffeLRN(region: .withinChannel)))
        let unknownRegion = oneLayer("norm1", type: "LRN") { l in
            l.writeMessage(field: 118) { $0.write(field: 4, int32: 7) }
        }
        let error = CaffeModelError.invalidParameter(file: file, layer: "norm1", problem: "unknown LRN norm_region 7")
        #expect(throws: error) { try read(unknownRegion) }
        #expect(error.description == "bad.caffemodel: layer norm1: unknown LRN norm_region 7")
        let stochastic = oneLayer("pool1", type: "Pooling") { l in
            l.writeMessage(field: 121) { p in
                p.write(field: 1, int32: 2)                                      // STOCHASTIC
                p.write(field: 2, uint32: 3)
            }
        }
        #expect(throws: CaffeModelError.unsupported(file: file, layer: "pool1", feature: "STOCHASTIC pooling (only MAX and AVE)")) {
            try read(stochastic)
        }
        let threeD = oneLayer("conv3d", type: "Convolution") { l in
            l.writeMessage(field: 106) { c in
                c.write(field: 1, uint32: 4)
                c.write(field: 4, packedInt64s: [3, 3, 3])
            }
        }
        #expect(throws: CaffeModelError.unsupported(file: file, layer: "conv3d", feature: "kernel_size [3, 3, 3] (only 2-D convolution)")) {
            try read(threeD)
        }
        let v0 = RawCaffe.net(name: "old") { w in
            RawCaffe.v1Layer(&w, name: "conv1", type: 4, bottom: "data", top: "conv1") { l in
                l.writeMessage(field: 1) { $0.write(field: 2, string: "conv") } // V0LayerParameter
            }
        }
        let v0Error = CaffeModelError.unsupported(
            file: file, layer: "conv1", feature: "the V0 layer format (upgrade the file with Caffe's upgrade_net_proto_binary)")
        #expect(throws: v0Error) { try read(v0) }
    }

    @Test func invalidParametersNameTheLayer() {
        func problem(_ bytes: [UInt8]) -> String? {
            do {
                try read(bytes)
                return nil
            } catch let CaffeModelError.invalidParameter(_, layer, problem) {
                return "\(layer): \(problem)"
            } catch {
                return "\(error)"
            }
        }
        #expect(problem(oneLayer("c", type: "Convolution") { $0.writeMessage(field: 106) { $0.write(field: 4, uint32: 3) } })
                == "c: convolution_param.num_output is missing or 0")
        #expect(problem(oneLayer("c", type: "Convolution") { l in
            l.writeMessage(field: 106) { c in
                c.write(field: 1, uint32: 5)
                c.write(field: 4, uint32: 3)
                c.write(field: 5, uint32: 2)
            }
        }) == "c: num_output 5 is not a multiple of group 2")
        #expect(problem(oneLayer("c", type: "Convolution") { $0.writeMessage(field: 106) { $0.write(field: 1, uint32: 4) } })
                == "c: kernel_size is missing")
        #expect(problem(oneLayer("c", type: "Convolution") { l in
            l.writeMessage(field: 106) { c in
                c.write(field: 1, uint32: 4)
                c.write(field: 4, uint32: 3)
                c.write(field: 11, uint32: 3)
            }
        }) == "c: give kernel_size or kernel_h/kernel_w, not both")
        #expect(problem(oneLayer("c", type: "Convolution") { l in
            l.writeMessage(field: 106) { c in
                c.write(field: 1, uint32: 4)
                c.write(field: 11, uint32: 3)
            }
        }) == "c: kernel_h and kernel_w must both be given")
        #expect(problem(oneLayer("p", type: "Pooling")) == "p: pooling_param.kernel_size is missing")
        #expect(problem(oneLayer("p", type: "Pooling") { l in
            l.writeMessage(field: 121) { p in
                p.write(field: 2, uint32: 2)
                p.write(field: 4, uint32: 2)
            }
        }) == "p: pad 2 must be smaller than the kernel 2")
        #expect(problem(oneLayer("p", type: "Pooling") { l in
            l.writeMessage(field: 121) { p in
                p.write(field: 12, bool: true)
                p.write(field: 3, uint32: 2)
            }
        }) == "p: global_pooling needs pad 0 and stride 1, found pad 0 and stride 2")
        #expect(problem(oneLayer("n", type: "LRN") { $0.writeMessage(field: 118) { $0.write(field: 1, uint32: 4) } })
                == "n: LRN local_size 4 must be odd")
        #expect(problem(oneLayer("d", type: "Dropout") { $0.writeMessage(field: 108) { $0.write(field: 1, float: 1) } })
                == "d: dropout_ratio 1.0 is outside [0, 1)")
        #expect(problem(oneLayer("f", type: "InnerProduct")) == "f: inner_product_param.num_output is missing or 0")
    }

    @Test func blobsThatDoNotFitTheLayer() {
        func conv(blobs: [ProtobufWriter]) -> [UInt8] {
            oneLayer("conv1", type: "Convolution", blobs: blobs) { l in
                l.writeMessage(field: 106) { c in
                    c.write(field: 1, uint32: 2)
                    c.write(field: 4, uint32: 3)
                }
            }
        }
        let weight = RawCaffe.blob(shape: [2, 1, 3, 3], data: RawCaffe.ramp(18))
        #expect(throws: CaffeModelError.blobsMismatch(file: file, layer: "conv1", problem: "expects 2 blobs (weight, bias), found 1")) {
            try read(conv(blobs: [weight]))
        }
        #expect(throws: CaffeModelError.blobsMismatch(file: file, layer: "conv1", problem: "bias shape [3] does not hold 2 values")) {
            try read(conv(blobs: [weight, RawCaffe.blob(shape: [3], data: [1, 2, 3])]))
        }
        let transposedKernel = RawCaffe.blob(shape: [2, 1, 9, 1], data: RawCaffe.ramp(18))
        #expect(throws: CaffeModelError.blobsMismatch(file: file, layer: "conv1", problem: "weight shape [2, 1, 9, 1] is not [2, inC/groups, 3, 3]")) {
            try read(conv(blobs: [transposedKernel, RawCaffe.blob(shape: [2], data: [1, 2])]))
        }
        let fc = oneLayer("fc", type: "InnerProduct", blobs: [RawCaffe.blob(shape: [7], data: RawCaffe.ramp(7)),
                                                              RawCaffe.blob(shape: [2], data: [1, 2])]) { l in
            l.writeMessage(field: 117) { $0.write(field: 1, uint32: 2) }
        }
        #expect(throws: CaffeModelError.blobsMismatch(file: file, layer: "fc", problem: "weight shape [7] does not hold 2 rows")) {
            try read(fc)
        }
    }

    @Test func structuralProblems() {
        #expect(throws: CaffeModelError.noLayers(file: file)) { try read(RawCaffe.net(name: "empty") { _ in }) }
        #expect(throws: CaffeModelError.noLayers(file: file)) { try read([]) }
        let mixed = RawCaffe.net(name: "mixed") { w in
            RawCaffe.v1Layer(&w, name: "a", type: 18, bottom: "x", top: "x")
            RawCaffe.v2Layer(&w, name: "b", type: "ReLU", bottom: "x", top: "x")
        }
        #expect(throws: CaffeModelError.mixedLayerFormats(file: file, v1Count: 1, v2Count: 1)) { try read(mixed) }
        let badInputs = RawCaffe.net(name: "inputs") { w in
            w.write(field: 3, string: "data")
            for d: Int32 in [1, 3, 9] { w.write(field: 4, int32: d) }
            RawCaffe.v1Layer(&w, name: "a", type: 18, bottom: "data", top: "data")
        }
        #expect(throws: CaffeModelError.invalidInputs(file: file, problem: "3 input_dim values for 1 inputs (4 each)")) {
            try read(badInputs)
        }
        // An unnamed layer is named by its position.
        let unnamed = RawCaffe.net(name: "n") { w in
            w.writeMessage(field: 100) { l in
                l.write(field: 2, string: "LRN")
                l.writeMessage(field: 118) { $0.write(field: 1, uint32: 2) }
            }
        }
        #expect(throws: CaffeModelError.invalidParameter(file: file, layer: "#0", problem: "LRN local_size 2 must be odd")) {
            try read(unnamed)
        }
    }

    @Test func missingFileAndOneLineDescriptions() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.url.appendingPathComponent("nothing.caffemodel")
        #expect(throws: CaffeModelError.unreadable(file: missing.path, reason: "no such file")) {
            _ = try CaffeNet(contentsOf: missing)
        }
        #expect(throws: CaffeModelError.unreadable(file: directory.url.path, reason: "is a directory")) {
            _ = try CaffeNet(contentsOf: directory.url)
        }
        let truncated = try directory.write(Array(TinyCaffeNets.caffeNetOrderV1().dropLast(3)), to: "cut.caffemodel")
        let error = try #require(throws: CaffeModelError.self) { _ = try CaffeNet(contentsOf: truncated) }
        #expect(error.description.hasPrefix(truncated.path + ": truncated"))
        #expect(!error.description.contains("\n"))
        #expect(error.localizedDescription == error.description)
    }
}
