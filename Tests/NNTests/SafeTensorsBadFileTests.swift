import Foundation
import Testing
import NN

/// Files that are not valid safetensors: each fails with one line naming the file and the problem.
@Suite struct SafeTensorsBadFileTests {

    /// A valid two-tensor file: a = [1, 2, 3, 4] (bytes 0..<16), b = [5, 6] (bytes 16..<24).
    static let goodHeader = #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}"#
    static let goodData = bytes(of: [1, 2, 3, 4, 5, 6])

    /// Expects opening `bytes` to fail with `expected(path)`, and the description to be one line naming the file.
    private func expectOpening(_ bytes: [UInt8], fails expected: (String) -> SafeTensorsError,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = try SafeTensorsTestFolder()
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
        let folder = try SafeTensorsTestFolder()
        defer { folder.remove() }
        let file = try SafeTensorsFile(contentsOf: folder.write(rawFile(Self.goodHeader, data: Self.goodData), to: "good.safetensors"))
        #expect(try file.tensor(named: "b").scalars == [5, 6])
    }

    @Test func missingAndUnreadableFiles() throws {
        let folder = try SafeTensorsTestFolder()
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

    /// Deep nesting is refused at a fixed depth rather than recursed into until the stack ends:
    /// 100,000 '[' fit in a small header.
    @Test func deeplyNestedHeader() throws {
        let depth = 100_000
        try expectOpening(rawFile(#"{"a":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}")) {
            // The object is level 0 and the k-th '[' (byte 4 + k) level k: the 64th is refused.
            .invalidJSON(file: $0, offset: 4 + 64, reason: "nested deeper than 64 levels")
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
        let folder = try SafeTensorsTestFolder()
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
        let folder = try SafeTensorsTestFolder()
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
        let file = try SafeTensorsFile(contentsOf: URL(fileURLWithPath: "\(SafeTensorsTests.weights)/alexnet-imagenet-torchvision-conv.safetensors"))
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
        let folder = try SafeTensorsTestFolder()
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
