import Foundation
import Testing
import NN

/// A fresh folder for one test's files, removed by `remove()`.
private struct Folder {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("safetensors-tests-\(UUID().uuidString)", isDirectory: true)

    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    func write(_ bytes: [UInt8], to name: String) throws -> URL {
        let file = file(name)
        try Data(bytes).write(to: file)
        return file
    }

    func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A safetensors file built by hand: the header length (true unless overridden), the header, the data.
private func rawFile(_ header: String, data: [UInt8] = [], headerLength: UInt64? = nil) -> [UInt8] {
    rawFile(Array(header.utf8), data: data, headerLength: headerLength)
}

private func rawFile(_ json: [UInt8], data: [UInt8] = [], headerLength: UInt64? = nil) -> [UInt8] {
    let length = headerLength ?? UInt64(json.count)
    return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + json + data
}

private func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
    values.flatMap { value in (0..<T.bitWidth / 8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
}

private func bytes(of floats: [Float]) -> [UInt8] { littleEndian(floats.map(\.bitPattern)) }

@Suite struct SafeTensorsTests {
    /// The real weight files the project embeds (copies of shared/weights, same SHA-256), found from
    /// this source file so the tests run wherever the repository is cloned.
    static let weights = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/FeatureNetworks/Resources").standardized.path

    // MARK: Writing and reading back

    @Test func roundTripKeepsTensorsShapesAndMetadata() throws {
        let folder = try Folder()
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
        let folder = try Folder()
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
        let folder = try Folder()
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
        let folder = try Folder()
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
        let folder = try Folder()
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

    // MARK: Bad files

    /// A valid two-tensor file: a = [1, 2, 3, 4] (bytes 0..<16), b = [5, 6] (bytes 16..<24).
    static let goodHeader = #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}"#
    static let goodData = bytes(of: [1, 2, 3, 4, 5, 6])

    /// Expects opening `bytes` to fail with `expected(path)`, and the description to be one line naming the file.
    private func expectOpening(_ bytes: [UInt8], fails expected: (String) -> SafeTensorsError,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = try Folder()
        defer { folder.remove() }
        let url = try folder.write(bytes, to: "bad.safetensors")
        let error = #expect(throws: SafeTensorsError.self, sourceLocation: sourceLocation) {
            try SafeTensorsFile(contentsOf: url)
        }
        #expect(error == expected(url.path), sourceLocation: sourceLocation)
        expectOneLine(error, naming: url.path, sourceLocation: sourceLocation)
    }

    private func expectOneLine(_ error: SafeTensorsError?, naming path: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        guard let description = error?.description else { return }
        #expect(description.hasPrefix(path + ": ") && !description.contains("\n"), "\(description)",
                sourceLocation: sourceLocation)
    }

    @Test func goodFileOpens() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let file = try SafeTensorsFile(contentsOf: folder.write(rawFile(Self.goodHeader, data: Self.goodData), to: "good.safetensors"))
        #expect(try file.tensor(named: "b").scalars == [5, 6])
    }

    @Test func missingAndUnreadableFiles() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let missing = folder.file("nothing.safetensors")
        #expect(throws: SafeTensorsError.fileNotFound(file: missing.path)) { try SafeTensorsFile(contentsOf: missing) }
        // A folder opens but cannot be read.
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(contentsOf: folder.url) }
        guard case .unreadable(let file, _)? = error else { Issue.record("expected unreadable, got \(String(describing: error))"); return }
        #expect(file == folder.url.path)
        expectOneLine(error, naming: folder.url.path)
    }

    @Test func truncatedFiles() throws {
        let good = rawFile(Self.goodHeader, data: Self.goodData)
        let headerLength = Self.goodHeader.utf8.count
        try expectOpening(Array(good.prefix(5))) { .truncatedLength(file: $0, size: 5) }
        try expectOpening(Array(good.prefix(8 + 20))) {
            .truncatedHeader(file: $0, headerLength: headerLength, available: 20)
        }
        try expectOpening(Array(good.dropLast(3))) { .truncatedData(file: $0, expected: 24, available: 21) }
        try expectOpening(Array(good.prefix(8 + headerLength))) { .truncatedData(file: $0, expected: 24, available: 0) }
    }

    @Test func absurdHeaderLength() throws {
        // A PNG's signature read as a header length: about 7.4e17.
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]
        try expectOpening(png) { .headerLengthAbsurd(file: $0, headerLength: 0x0A1A_0A0D_474E_5089, fileSize: 12) }
        try expectOpening(rawFile("{}", headerLength: 1 << 40)) {
            .headerLengthAbsurd(file: $0, headerLength: 1 << 40, fileSize: 10)
        }
    }

    @Test func headerThatIsNotJSON() throws {
        // Offsets count from the first byte of the header: the '}' after the trailing comma is byte 32.
        try expectOpening(rawFile(#"{"a":{"dtype":"F32","shape":[4],}}"#)) {
            .invalidJSON(file: $0, offset: 32, reason: "expected a string key, found '}'")
        }
        try expectOpening(rawFile(#"{"a":1} x"#)) {
            .invalidJSON(file: $0, offset: 8, reason: "unexpected 'x' after the end of the JSON value")
        }
        try expectOpening(rawFile(#"{"a"#)) { .invalidJSON(file: $0, offset: 1, reason: "unterminated string") }
        try expectOpening(rawFile(Array(#"{"a"#.utf8) + [0xFF] + Array(#"":1}"#.utf8))) {
            .invalidJSON(file: $0, offset: 1, reason: "string is not valid UTF-8")
        }
        // The header length ends the JSON even when the rest of it follows in the data.
        try expectOpening(rawFile(#"{"a":"#, data: Array(#"1}"#.utf8))) {
            .invalidJSON(file: $0, offset: 5, reason: "expected a value, found end of text")
        }
    }

    @Test func headerWithTheWrongStructure() throws {
        let notShape = "tensor 'a': \"shape\" is not an array of non-negative integers"
        let notOffsets = "tensor 'a': \"data_offsets\" is not two non-negative integers"
        let cases: [(String, String)] = [
            ("[1, 2]", "the header is not a JSON object"),
            (#"{"a":[]}"#, "tensor 'a' is not an object"),
            (#"{"a":{"shape":[],"data_offsets":[0,4]}}"#, "tensor 'a' has no string \"dtype\""),
            (#"{"a":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}}"#, notShape),
            (#"{"a":{"dtype":"F32","shape":[true],"data_offsets":[0,4]}}"#, notShape),
            (#"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, notShape),
            (#"{"a":{"dtype":"F32","shape":[1]}}"#, notOffsets),
            (#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}}"#, notOffsets),
            (#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,99999999999999999999]}}"#, notOffsets),
            (#"{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}"#,
             "tensor 'a': shape [4294967296, 4294967296] is too large"),
            (#"{"__metadata__":{"epoch":3}}"#, "__metadata__ value of 'epoch' is not a string"),
            (#"{"__metadata__":"x"}"#, "__metadata__ is not an object"),
            (#"{"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[],"data_offsets":[4,8]}}"#,
             "key 'a' appears twice"),
        ]
        for (header, reason) in cases {
            try expectOpening(rawFile(header, data: [UInt8](repeating: 0, count: 8))) { .invalidHeader(file: $0, reason: reason) }
        }
    }

    @Test func offsetsThatLie() throws {
        // a is F32 [4] (16 bytes), b is F32 [2] (8 bytes); the data section holds 24 bytes unless extended.
        func header(a: (Int, Int), b: (Int, Int)) -> String {
            #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[\#(a.0),\#(a.1)]},"#
                + #""b":{"dtype":"F32","shape":[2],"data_offsets":[\#(b.0),\#(b.1)]}}"#
        }
        let data = Self.goodData
        try expectOpening(rawFile(header(a: (16, 0), b: (16, 24)), data: data)) {
            .offsetsBackward(file: $0, tensor: "a", begin: 16, end: 0)
        }
        try expectOpening(rawFile(header(a: (0, 16), b: (8, 24)), data: data)) {
            .sizeMismatch(file: $0, tensor: "b", dtype: "F32", shape: [2], expectedBytes: 8, foundBytes: 16)
        }
        try expectOpening(rawFile(header(a: (0, 16), b: (8, 16)), data: data)) {
            .offsetsOverlap(file: $0, tensor: "b", begin: 8, previous: "a", previousEnd: 16)
        }
        try expectOpening(rawFile(header(a: (0, 16), b: (20, 28)), data: data + [0, 0, 0, 0])) {
            .offsetsGap(file: $0, tensor: "b", begin: 20, previous: "a", previousEnd: 16)
        }
        try expectOpening(rawFile(header(a: (4, 20), b: (20, 28)), data: data + [0, 0, 0, 0])) {
            .offsetsGap(file: $0, tensor: "a", begin: 4, previous: nil, previousEnd: 0)
        }
        try expectOpening(rawFile(header(a: (0, 16), b: (24, 32)), data: data)) {
            .offsetsOutsideData(file: $0, tensor: "b", end: 32, dataSize: 24)
        }
        try expectOpening(rawFile(header(a: (0, 16), b: (16, 24)), data: data + [0, 0, 0, 0])) {
            .trailingData(file: $0, used: 24, dataSize: 28)
        }

        // Tensors stored out of name order are fine: b's bytes come first.
        let folder = try Folder()
        defer { folder.remove() }
        let file = try SafeTensorsFile(contentsOf: folder.write(rawFile(header(a: (8, 24), b: (0, 8)), data: data), to: "swapped.safetensors"))
        #expect(try file.tensor(named: "a").scalars == [3, 4, 5, 6])
        #expect(try file.tensor(named: "b").scalars == [1, 2])
    }

    @Test func unknownAndUnsupportedDTypes() throws {
        try expectOpening(rawFile(#"{"a":{"dtype":"Q7","shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0])) {
            .unknownDType(file: $0, tensor: "a", dtype: "Q7")
        }
        // Integer and boolean tensors lay out correctly, so the file opens; only converting them fails.
        let folder = try Folder()
        defer { folder.remove() }
        let header = #"{"f":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"#
            + #""ids":{"dtype":"I64","shape":[2],"data_offsets":[4,20]},"mask":{"dtype":"BOOL","shape":[3],"data_offsets":[20,23]}}"#
        let url = try folder.write(rawFile(header, data: bytes(of: [0.5]) + littleEndian([Int64(7), -1]) + [1, 0, 1]),
                                   to: "mixed.safetensors")
        let file = try SafeTensorsFile(contentsOf: url)
        #expect(try file.tensor(named: "f").scalars == [0.5])
        let ids = try file.entry(named: "ids")
        #expect(ids.dtype == .int64 && ids.shape == [2] && ids.dataOffsets == 4..<20)
        for (name, dtype) in [("ids", "I64"), ("mask", "BOOL")] {
            let error = #expect(throws: SafeTensorsError.unsupportedDType(file: url.path, tensor: name, dtype: dtype)) {
                try file.tensor(named: name)
            }
            expectOneLine(error, naming: url.path)
        }
        #expect(throws: SafeTensorsError.unsupportedDType(file: url.path, tensor: "ids", dtype: "I64")) {
            try file.tensors()  // names in order: f, ids, mask
        }
    }

    @Test func missingTensorAndWrongShape() throws {
        let file = try SafeTensorsFile(contentsOf: URL(fileURLWithPath: "\(Self.weights)/alexnet-imagenet-torchvision-conv.safetensors"))
        let path = file.path
        // The names sharing the longest prefix with the request come first, then alphabetical.
        let missing = #expect(throws: SafeTensorsError.self) { try file.tensor(named: "features.1.weight") }
        #expect(missing == .missingTensor(file: path, name: "features.1.weight",
                                          nearest: ["features.10.bias", "features.10.weight", "features.0.bias",
                                                    "features.0.weight", "features.3.bias"], count: 10))
        #expect(missing?.description == "\(path): no tensor 'features.1.weight'; it has features.10.bias, "
                + "features.10.weight, features.0.bias, features.0.weight, features.3.bias, … (10 in all)")
        let wrong = #expect(throws: SafeTensorsError.shapeMismatch(file: path, tensor: "features.0.weight",
                                                                   expected: [96, 3, 11, 11], found: [64, 3, 11, 11])) {
            try file.tensor(named: "features.0.weight", shape: [96, 3, 11, 11])
        }
        expectOneLine(wrong, naming: path)
    }

    @Test func writingIntoAMissingFolderFails() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let url = folder.file("absent/model.safetensors")
        let error = #expect(throws: SafeTensorsError.self) {
            try SafeTensorsFile.write(["x": Tensor(shape: [1], scalars: [1])], to: url)
        }
        guard case .writeFailed(let file, _)? = error else { Issue.record("expected writeFailed, got \(String(describing: error))"); return }
        #expect(file == url.path)
        expectOneLine(error, naming: url.path)
        #expect(try folder.contents().isEmpty)
    }
}
