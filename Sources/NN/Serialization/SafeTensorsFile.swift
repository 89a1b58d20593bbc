import Foundation

/// A safetensors file read into memory: its tensor index and string metadata, with each tensor
/// converted to a float32 `Tensor` when asked for.
///
/// Layout: an 8-byte little-endian header length N; N bytes of JSON mapping each tensor name to
/// `{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}` (offsets counted from the end
/// of the header) plus an optional `"__metadata__"` object of strings; then the data,
/// little-endian and row-major. Opening checks what the reference implementation checks: the
/// tensors' byte ranges must tile the data section exactly, with no gap, overlap or excess.
public struct SafeTensorsFile: Sendable {
    /// One tensor's header entry.
    public struct Entry: Sendable, Equatable {
        public let dtype: SafeTensorsDType
        public let shape: [Int]
        /// The byte range within the data section (the header's `data_offsets`).
        public let dataOffsets: Range<Int>
    }

    /// The path the file was read from, as errors name it.
    public let path: String
    public let metadata: [String: String]
    public let entries: [String: Entry]
    /// The whole file, read at once.
    private let bytes: [UInt8]
    /// Where the data section starts in `bytes`: 8 + N.
    private let dataStart: Int

    /// The reference implementation's header limit; anything larger is not a safetensors file.
    static let maximumHeaderLength: UInt64 = 100_000_000

    public var names: [String] { entries.keys.sorted() }

    public init(contentsOf url: URL) throws {
        try self.init(bytes: Self.readWholeFile(url.path), path: url.path)
    }

    /// A safetensors file already in memory; `path` names it in errors.
    public init(bytes: [UInt8], path: String) throws {
        guard bytes.count >= 8 else { throw SafeTensorsError.truncatedLength(file: path, size: bytes.count) }
        let headerLength = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard headerLength <= Self.maximumHeaderLength else {
            throw SafeTensorsError.headerLengthAbsurd(file: path, headerLength: headerLength, fileSize: bytes.count)
        }
        let headerEnd = 8 + Int(headerLength)
        guard headerEnd <= bytes.count else {
            throw SafeTensorsError.truncatedHeader(file: path, headerLength: Int(headerLength), available: bytes.count - 8)
        }
        let header: JSONValue
        do {
            header = try bytes.withUnsafeBufferPointer { try JSONValue.parse(UnsafeBufferPointer(rebasing: $0[8..<headerEnd])) }
        } catch let error as JSONValue.SyntaxError {
            throw SafeTensorsError.invalidJSON(file: path, offset: error.offset, reason: error.message)
        }
        let (metadata, entries) = try Self.interpret(header, file: path)
        try Self.checkLayout(of: entries, dataSize: bytes.count - headerEnd, file: path)
        self.path = path
        self.metadata = metadata
        self.entries = entries
        self.bytes = bytes
        self.dataStart = headerEnd
    }

    /// The tensor `name`, converted to float32.
    public func tensor(named name: String) throws -> Tensor {
        try convert(name, entry(named: name))
    }

    /// The tensor `name`, which must have shape `expected`.
    public func tensor(named name: String, shape expected: [Int]) throws -> Tensor {
        let entry = try entry(named: name)
        guard entry.shape == expected else {
            throw SafeTensorsError.shapeMismatch(file: path, tensor: name, expected: expected, found: entry.shape)
        }
        return try convert(name, entry)
    }

    /// The values of tensor `name` in float64: F64 exactly, F32 and the half types widened.
    public func doubles(named name: String) throws -> [Double] {
        let entry = try entry(named: name)
        let range = dataStart + entry.dataOffsets.lowerBound ..< dataStart + entry.dataOffsets.upperBound
        if entry.dtype == .float64 {
            return bytes.withUnsafeBytes { raw in
                (0..<(range.count / 8)).map {
                    Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: range.lowerBound + 8 * $0, as: UInt64.self)))
                }
            }
        }
        return try convert(name, entry).scalars.map(Double.init)
    }

    /// Every tensor, converted to float32; an unsupported dtype fails on the first such name in order.
    public func tensors() throws -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for name in names { result[name] = try convert(name, entries[name]!) }
        return result
    }

    /// The header entry of `name`, or an error listing the names nearest to it.
    public func entry(named name: String) throws -> Entry {
        if let entry = entries[name] { return entry }
        func sharedPrefix(_ other: String) -> Int { zip(name, other).prefix { $0 == $1 }.count }
        let nearest = entries.keys.sorted { (-sharedPrefix($0), $0) < (-sharedPrefix($1), $1) }.prefix(5)
        throw SafeTensorsError.missingTensor(file: path, name: name, nearest: Array(nearest), count: entries.count)
    }

    private func convert(_ name: String, _ entry: Entry) throws -> Tensor {
        guard entry.dtype.convertsToFloat else {
            throw SafeTensorsError.unsupportedDType(file: path, tensor: name, dtype: entry.dtype.rawValue)
        }
        let count = entry.shape.reduce(1, *)
        let range = dataStart + entry.dataOffsets.lowerBound ..< dataStart + entry.dataOffsets.upperBound
        let scalars = [Float](unsafeUninitializedCapacity: count) { destination, initialized in
            bytes.withUnsafeBytes { entry.dtype.decode(UnsafeRawBufferPointer(rebasing: $0[range]), into: destination) }
            initialized = count
        }
        return Tensor(shape: entry.shape, scalars: scalars)
    }

    /// One `read` of the whole file (looping only if the kernel returns less).
    private static func readWholeFile(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw errno == ENOENT ? SafeTensorsError.fileNotFound(file: path)
                                  : SafeTensorsError.unreadable(file: path, reason: systemError())
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw SafeTensorsError.unreadable(file: path, reason: systemError()) }
        let size = Int(status.st_size)
        return try [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while initialized < size {
                let got = read(descriptor, buffer.baseAddress! + initialized, size - initialized)
                if got < 0 && errno == EINTR { continue }
                guard got >= 0 else { throw SafeTensorsError.unreadable(file: path, reason: systemError()) }
                guard got > 0 else { break }  // the file shrank while we read it
                initialized += got
            }
        }
    }

    /// Turns the JSON header into metadata and entries, checking each entry on its own.
    private static func interpret(_ header: JSONValue, file: String) throws -> ([String: String], [String: Entry]) {
        func invalid(_ reason: String) -> SafeTensorsError { .invalidHeader(file: file, reason: reason) }
        guard case .object(let members) = header else { throw invalid("the header is not a JSON object") }
        var metadata: [String: String] = [:]
        var entries: [String: Entry] = [:]
        var seen = Set<String>()
        for (name, value) in members {
            guard seen.insert(name).inserted else { throw invalid("key '\(name)' appears twice") }
            if name == "__metadata__" {
                guard case .object(let pairs) = value else { throw invalid("__metadata__ is not an object") }
                for (key, value) in pairs {
                    guard case .string(let text) = value else { throw invalid("__metadata__ value of '\(key)' is not a string") }
                    metadata[key] = text
                }
                continue
            }
            guard case .object(let fields) = value else { throw invalid("tensor '\(name)' is not an object") }
            func field(_ key: String) -> JSONValue? { fields.last { $0.key == key }?.value }
            guard case .string(let dtypeName)? = field("dtype") else {
                throw invalid("tensor '\(name)' has no string \"dtype\"")
            }
            guard case .array(let dimensions)? = field("shape"),
                  case let shape = dimensions.compactMap(\.nonNegativeInteger), shape.count == dimensions.count else {
                throw invalid("tensor '\(name)': \"shape\" is not an array of non-negative integers")
            }
            guard case .array(let offsets)? = field("data_offsets"), offsets.count == 2,
                  let begin = offsets[0].nonNegativeInteger, let end = offsets[1].nonNegativeInteger else {
                throw invalid("tensor '\(name)': \"data_offsets\" is not two non-negative integers")
            }
            guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
                throw SafeTensorsError.unknownDType(file: file, tensor: name, dtype: dtypeName)
            }
            var byteCount = dtype.byteSize
            for dimension in shape {
                let (product, overflow) = byteCount.multipliedReportingOverflow(by: dimension)
                guard !overflow else { throw invalid("tensor '\(name)': shape \(shape) is too large") }
                byteCount = product
            }
            guard begin <= end else {
                throw SafeTensorsError.offsetsBackward(file: file, tensor: name, begin: begin, end: end)
            }
            guard end - begin == byteCount else {
                throw SafeTensorsError.sizeMismatch(file: file, tensor: name, dtype: dtypeName, shape: shape,
                                                    expectedBytes: byteCount, foundBytes: end - begin)
            }
            entries[name] = Entry(dtype: dtype, shape: shape, dataOffsets: begin..<end)
        }
        return (metadata, entries)
    }

    /// The entries' byte ranges must tile `0..<dataSize` exactly.
    private static func checkLayout(of entries: [String: Entry], dataSize: Int, file: String) throws {
        // Against the sizes alone first, so a cut-off file reads as truncated, not as bad offsets.
        let needed = entries.values.reduce(0) { total, entry in
            let (sum, overflow) = total.addingReportingOverflow(entry.dataOffsets.count)
            return overflow ? .max : sum
        }
        guard needed <= dataSize else {
            throw SafeTensorsError.truncatedData(file: file, expected: needed, available: dataSize)
        }
        let ordered = entries.sorted {
            ($0.value.dataOffsets.lowerBound, $0.value.dataOffsets.upperBound, $0.key)
                < ($1.value.dataOffsets.lowerBound, $1.value.dataOffsets.upperBound, $1.key)
        }
        var previous: String?
        var previousEnd = 0
        for (name, entry) in ordered {
            let range = entry.dataOffsets
            guard range.upperBound <= dataSize else {
                throw SafeTensorsError.offsetsOutsideData(file: file, tensor: name, end: range.upperBound, dataSize: dataSize)
            }
            if range.lowerBound < previousEnd, let previous {
                throw SafeTensorsError.offsetsOverlap(file: file, tensor: name, begin: range.lowerBound,
                                                      previous: previous, previousEnd: previousEnd)
            }
            guard range.lowerBound == previousEnd else {
                throw SafeTensorsError.offsetsGap(file: file, tensor: name, begin: range.lowerBound,
                                                  previous: previous, previousEnd: previousEnd)
            }
            previous = name
            previousEnd = range.upperBound
        }
        guard previousEnd == dataSize else {
            throw SafeTensorsError.trailingData(file: file, used: previousEnd, dataSize: dataSize)
        }
    }
}
