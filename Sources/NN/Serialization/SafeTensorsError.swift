/// What can be wrong with a safetensors file; each case names the file and reads as one line.
public enum SafeTensorsError: Error, Equatable, CustomStringConvertible {
    case fileNotFound(file: String)
    case unreadable(file: String, reason: String)
    /// The file is shorter than the 8-byte header length.
    case truncatedLength(file: String, size: Int)
    /// The file ends inside the JSON header.
    case truncatedHeader(file: String, headerLength: Int, available: Int)
    /// The tensors' byte sizes add up to more than the data section holds.
    case truncatedData(file: String, expected: Int, available: Int)
    /// A header length beyond the reference implementation's 100 MB limit: not a safetensors file.
    case headerLengthAbsurd(file: String, headerLength: UInt64, fileSize: Int)
    case invalidJSON(file: String, offset: Int, reason: String)
    /// Valid JSON that is not a safetensors header (wrong types, missing fields, repeated names).
    case invalidHeader(file: String, reason: String)
    case offsetsBackward(file: String, tensor: String, begin: Int, end: Int)
    case offsetsOutsideData(file: String, tensor: String, end: Int, dataSize: Int)
    case offsetsOverlap(file: String, tensor: String, begin: Int, previous: String, previousEnd: Int)
    /// Bytes before `tensor` that belong to no tensor; `previous` is nil at the start of the data.
    case offsetsGap(file: String, tensor: String, begin: Int, previous: String?, previousEnd: Int)
    /// Bytes after the last tensor that belong to no tensor.
    case trailingData(file: String, used: Int, dataSize: Int)
    case sizeMismatch(file: String, tensor: String, dtype: String, shape: [Int], expectedBytes: Int, foundBytes: Int)
    case unknownDType(file: String, tensor: String, dtype: String)
    case unsupportedDType(file: String, tensor: String, dtype: String)
    /// `nearest`: a few existing names, those sharing the longest prefix with `name` first.
    case missingTensor(file: String, name: String, nearest: [String], count: Int)
    case shapeMismatch(file: String, tensor: String, expected: [Int], found: [Int])
    case writeFailed(file: String, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let file):
            return "\(file): no such file"
        case .unreadable(let file, let reason):
            return "\(file): cannot read: \(reason)"
        case .truncatedLength(let file, let size):
            return "\(file): truncated: \(size) bytes, too short for the 8-byte header length"
        case .truncatedHeader(let file, let headerLength, let available):
            return "\(file): truncated: the header length says \(headerLength) bytes of JSON, only \(available) follow"
        case .truncatedData(let file, let expected, let available):
            return "\(file): truncated: the header's tensors need \(expected) bytes of data, the file holds \(available)"
        case .headerLengthAbsurd(let file, let headerLength, let fileSize):
            return "\(file): header length \(headerLength) is absurd for a \(fileSize)-byte file "
                + "(limit 100 MB); not a safetensors file?"
        case .invalidJSON(let file, let offset, let reason):
            return "\(file): header is not valid JSON: \(reason) at byte \(offset) of the header"
        case .invalidHeader(let file, let reason):
            return "\(file): not a safetensors header: \(reason)"
        case .offsetsBackward(let file, let tensor, let begin, let end):
            return "\(file): tensor '\(tensor)' has data_offsets [\(begin), \(end)] running backwards"
        case .offsetsOutsideData(let file, let tensor, let end, let dataSize):
            return "\(file): tensor '\(tensor)' ends at byte \(end), outside the \(dataSize)-byte data section"
        case .offsetsOverlap(let file, let tensor, let begin, let previous, let previousEnd):
            return "\(file): tensor '\(tensor)' starts at byte \(begin), inside '\(previous)' which ends at \(previousEnd)"
        case .offsetsGap(let file, let tensor, let begin, let previous, let previousEnd):
            let before = previous.map { "'\($0)' ends at \(previousEnd)" } ?? "the data starts at 0"
            return "\(file): tensor '\(tensor)' starts at byte \(begin) but \(before), leaving a gap"
        case .trailingData(let file, let used, let dataSize):
            return "\(file): the tensors cover \(used) bytes but the data section holds \(dataSize); "
                + "the rest belongs to no tensor"
        case .sizeMismatch(let file, let tensor, let dtype, let shape, let expectedBytes, let foundBytes):
            return "\(file): tensor '\(tensor)' (\(dtype) \(shape)) needs \(expectedBytes) bytes, its data_offsets span \(foundBytes)"
        case .unknownDType(let file, let tensor, let dtype):
            return "\(file): tensor '\(tensor)' has unknown dtype '\(dtype)'"
        case .unsupportedDType(let file, let tensor, let dtype):
            return "\(file): tensor '\(tensor)' has dtype \(dtype); only F32, F16, BF16 and F64 convert to float32"
        case .missingTensor(let file, let name, let nearest, let count):
            guard !nearest.isEmpty else { return "\(file): no tensor '\(name)'; the file holds no tensors" }
            let more = count > nearest.count ? ", … (\(count) in all)" : ""
            return "\(file): no tensor '\(name)'; it has \(nearest.joined(separator: ", "))\(more)"
        case .shapeMismatch(let file, let tensor, let expected, let found):
            return "\(file): tensor '\(tensor)' has shape \(found), expected \(expected)"
        case .writeFailed(let file, let reason):
            return "\(file): cannot write: \(reason)"
        }
    }
}
