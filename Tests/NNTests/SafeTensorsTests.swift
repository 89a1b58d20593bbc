import Foundation
import Testing
import NN

@Suite struct SafeTensorsTests {
    /// The real weight files the project embeds (copies of shared/weights, same SHA-256), found from
    /// this source file so the tests run wherever the repository is cloned.
    static let weights = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/FeatureNetworks/Resources").standardized.path

    // MARK: Writing and reading back

    /// Float64 arrays come back bit for bit through `doubles(named:)`, and as float32 rounded
    /// through `tensor(named:)`; the header names them F64.
    @Test func float64ArraysRoundTripExactly() throws {
        let folder = try SafeTensorsTestFolder()
        defer { folder.remove() }
        let values: [Double] = [1.0 / 3.0, -0.0, .pi, 1e-300, -2.5e300, .leastNonzeroMagnitude]
        let url = folder.file("prior.safetensors")
        try SafeTensorsFile.write(float64: ["m": (shape: [2, 3], values: values), "w": (shape: [1], values: [0.5])],
                                  metadata: ["format": "test"], to: url)
        let file = try SafeTensorsFile(contentsOf: url)
        #expect(try file.entry(named: "m").dtype == .float64 && file.entry(named: "m").shape == [2, 3])
        #expect(try file.doubles(named: "m").map(\.bitPattern) == values.map(\.bitPattern))
        #expect(try file.doubles(named: "w") == [0.5] && file.metadata == ["format": "test"])
        #expect(try file.tensor(named: "m").scalars[0] == Float(1.0 / 3.0))
        #expect(try folder.contents() == ["prior.safetensors"], "no temporary file left behind")
    }

    @Test func roundTripKeepsTensorsShapesAndMetadata() throws {
        let folder = try SafeTensorsTestFolder()
        defer { folder.remove() }
        var generator = SeededGenerator(seed: 3)
        let tensors: [String: Tensor] = [
            "conv.weight": .normal(shape: [2, 3, 2, 2], using: &generator),
            "conv.bias": Tensor(shape: [2], scalars: [-0.0, .greatestFiniteMagnitude]),
            "scalar": Tensor(shape: [], scalars: [3.5]),
            "one": Tensor(shape: [1], scalars: [-7]),
            "empty": Tensor(zeros: [0, 4]),
        ]
        let metadata = ["format": "vae-cli", "note": "quote \" backslash \\ newline \n tab \t é \u{01} 🙂"]
        let url = folder.file("model.safetensors")
        try SafeTensorsFile.write(tensors, metadata: metadata, to: url)

        let file = try SafeTensorsFile(contentsOf: url)
        #expect(file.names == ["conv.bias", "conv.weight", "empty", "one", "scalar"])
        #expect(file.metadata == metadata)
        for (name, tensor) in tensors {
            let read = try file.tensor(named: name)
            #expect(read.shape == tensor.shape, "\(name)")
            #expect(read.scalars.map(\.bitPattern) == tensor.scalars.map(\.bitPattern), "\(name)")
        }
        #expect(try file.tensors().count == 5)
        #expect(try folder.contents() == ["model.safetensors"], "no temporary file left behind")

        // Sorted keys, __metadata__ first, data laid out in key order, header padded to 8 bytes.
        let raw = [UInt8](try Data(contentsOf: url))
        let length = Int(raw[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        #expect(length % 8 == 0)
        let header = String(decoding: raw[8..<8 + length], as: UTF8.self)
        #expect(header.hasPrefix(#"{"__metadata__":{"format":"vae-cli","note":"quote \" backslash \\ newline \n tab \t é \u0001 🙂"},"conv.bias":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"conv.weight":"#))
        let scalar = try file.entry(named: "scalar")
        #expect(scalar.dtype == .float32 && scalar.shape == [] && scalar.dataOffsets == 108..<112)
    }

    @Test func emptyMetadataIsLeftOut() throws {
        let folder = try SafeTensorsTestFolder()
        defer { folder.remove() }
        let url = folder.file("bare.safetensors")
        try SafeTensorsFile.write(["x": Tensor(shape: [1], scalars: [2])], to: url)
        let file = try SafeTensorsFile(contentsOf: url)
        #expect(file.metadata.isEmpty)
        #expect(try file.tensor(named: "x").scalars == [2])
        #expect(!String(decoding: try Data(contentsOf: url), as: UTF8.self).contains("__metadata__"))
    }

    /// Byte-for-byte the files of huggingface/safetensors' own serialization tests
    /// (`test_serialization`, `test_serialization_forced_alignement`, `test_empty` in tensor.rs).
    @Test func writesTheReferenceImplementationsBytes() throws {
        let folder = try SafeTensorsTestFolder()
        defer { folder.remove() }
        let values: [Float] = [0, 1, 2, 3, 4, 5]
        let cases: [(String, [String: Tensor], [String: String], [UInt8])] = [
            ("exact.safetensors", ["attn.0": Tensor(shape: [1, 2, 3], scalars: values)], [:],
             rawFile(#"{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}"#, data: bytes(of: values))),
            ("padded.safetensors", ["attn0": Tensor(shape: [1, 1, 2, 3], scalars: values)], [:],
             rawFile(#"{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       "#, data: bytes(of: values))),
            ("empty.safetensors", [:], [:], rawFile("{}      ")),
            ("metadata.safetensors", [:], ["framework": "pt"], rawFile(#"{"__metadata__":{"framework":"pt"}}     "#)),
        ]
        for (name, tensors, metadata, expected) in cases {
            try SafeTensorsFile.write(tensors, metadata: metadata, to: folder.file(name))
            #expect([UInt8](try Data(contentsOf: folder.file(name))) == expected, "\(name)")
        }
    }

    @Test func writingReplacesAnExistingFile() throws {
        let folder = try SafeTensorsTestFolder()
        defer { folder.remove() }
        let url = folder.file("w.safetensors")
        try SafeTensorsFile.write(["a": Tensor(shape: [2], scalars: [1, 2])], to: url)
        try SafeTensorsFile.write(["b": Tensor(shape: [1], scalars: [3])], to: url)
        #expect(try SafeTensorsFile(contentsOf: url).names == ["b"])
        #expect(try folder.contents() == ["w.safetensors"])
    }

    // MARK: The real shared files

    @Test func readsTorchvisionAlexNet() throws {
        let file = try SafeTensorsFile(contentsOf: URL(fileURLWithPath: "\(Self.weights)/alexnet-imagenet-torchvision-conv.safetensors"))
        let shapes: [String: [Int]] = [
            "features.0.weight": [64, 3, 11, 11], "features.0.bias": [64],
            "features.3.weight": [192, 64, 5, 5], "features.3.bias": [192],
            "features.6.weight": [384, 192, 3, 3], "features.6.bias": [384],
            "features.8.weight": [256, 384, 3, 3], "features.8.bias": [256],
            "features.10.weight": [256, 256, 3, 3], "features.10.bias": [256],
        ]
        #expect(file.names == shapes.keys.sorted())
        for (name, shape) in shapes { #expect(file.entries[name]?.shape == shape, "\(name)") }
        #expect(file.metadata["architecture"] == "torchvision-alexnet-features")

        // Golden bit patterns read once with Python's struct module, independently of this code:
        //   n = struct.unpack('<Q', b[:8])[0]; h = json.loads(b[8:8+n])
        //   b[8+n+h[k]['data_offsets'][0]+4*i :][:4][::-1].hex()
        let conv1 = try file.tensor(named: "features.0.weight", shape: [64, 3, 11, 11])
        #expect(conv1[flat: 0].bitPattern == 0x3DF2_F956)        // 0.11863963
        #expect(conv1[flat: 1].bitPattern == 0x3DC0_A715)        // 0.09406868
        #expect(conv1[flat: 23231].bitPattern == 0x3DB8_F2BD)    // 0.09030674, the last scalar
        #expect(try file.tensor(named: "features.0.bias")[flat: 0].bitPattern == 0xBF78_75B3)    // -0.97054595
        #expect(try file.tensor(named: "features.6.weight")[flat: 1000].bitPattern == 0x3D57_9936) // 0.05263635
        #expect(try file.tensor(named: "features.10.bias")[flat: 255].bitPattern == 0xBD88_2A69)  // -0.06648714
    }

    @Test func readsLPIPSHeads() throws {
        let file = try SafeTensorsFile(contentsOf: URL(fileURLWithPath: "\(Self.weights)/lpips-alex-v0.1-lin.safetensors"))
        #expect(file.names == (0..<5).map { "lin\($0).model.1.weight" })
        #expect(file.entries["lin2.model.1.weight"]?.shape == [1, 384, 1, 1])
        #expect(file.metadata["metric"] == "LPIPS v0.1 alex linear heads")
        // Same Python route as above: 3.7879954e-06.
        #expect(try file.tensor(named: "lin0.model.1.weight")[flat: 0].bitPattern == 0x367E_3544)
    }

    // MARK: Other float types

    @Test func convertsHalfBFloatAndDoubleToFloat() throws {
        let folder = try SafeTensorsTestFolder()
        defer { folder.remove() }
        // F16: 1, -2, 0.333251953125 (nearest to 1/3), 65504 (largest), 2⁻²⁴ (smallest subnormal),
        // -0, +inf, -inf. BF16 is the top half of a float32: 1, -3, 3.140625, a subnormal, +inf.
        let half: [UInt16] = [0x3C00, 0xC000, 0x3555, 0x7BFF, 0x0001, 0x8000, 0x7C00, 0xFC00]
        let bfloat: [UInt16] = [0x3F80, 0xC040, 0x4049, 0x0001, 0x7F80]
        let double: [Double] = [0.1, -2.5, 1e300]
        // The F16 NaN makes the following tensors start at odd-of-4 offsets: unaligned reads.
        let header = """
            {"h":{"dtype":"F16","shape":[2,4],"data_offsets":[0,16]},\
            "nan":{"dtype":"F16","shape":[1],"data_offsets":[16,18]},\
            "b":{"dtype":"BF16","shape":[5],"data_offsets":[18,28]},\
            "d":{"dtype":"F64","shape":[3],"data_offsets":[28,52]},\
            "f":{"dtype":"F32","shape":[1],"data_offsets":[52,56]}}
            """
        let data = littleEndian(half) + littleEndian([UInt16(0x7E00)]) + littleEndian(bfloat)
            + littleEndian(double.map(\.bitPattern)) + bytes(of: [1.5])
        let file = try SafeTensorsFile(contentsOf: folder.write(rawFile(header, data: data), to: "mixed.safetensors"))

        let h = try file.tensor(named: "h", shape: [2, 4])
        #expect(h.scalars == [1, -2, 0.333251953125, 65504, 0x1p-24, 0, .infinity, -.infinity])
        #expect(h[flat: 5].sign == .minus)
        #expect(try file.tensor(named: "nan")[flat: 0].isNaN)
        #expect(try file.tensor(named: "b").scalars == [1, -3, 3.140625, Float(bitPattern: 0x0001_0000), .infinity])
        #expect(try file.tensor(named: "d").scalars == [Float(0.1), -2.5, .infinity])
        #expect(try file.tensor(named: "f").scalars == [1.5])
    }
}
