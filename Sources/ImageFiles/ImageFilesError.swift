/// Failures caused by files and data from outside: each description is one line naming the file.
public enum ImageFilesError: Error, Equatable, CustomStringConvertible {
    case missingFile(String)
    case unreadable(file: String, reason: String)
    /// Neither PNG nor JPEG magic bytes; `header` is the first bytes in hex.
    case notAnImage(file: String, header: String)
    case corruptPNG(file: String, message: String)
    case corruptJPEG(file: String, message: String)
    /// A well-formed image of a kind this module does not decode (e.g. a CMYK JPEG).
    case unsupported(file: String, what: String)
    /// More pixels than `Image.maximumPixels`: refused before decoding allocates for them.
    case tooManyPixels(file: String, width: Int, height: Int, limit: Int)
    /// A PNG header promising more pixels than the file's bytes could decompress to.
    case impossibleSize(file: String, width: Int, height: Int, bytes: Int)
    case cannotWrite(file: String, reason: String)
    case notAFolder(String)
    case noImages(folder: String)
    /// Two images compared pixel for pixel; sizes are [width, height].
    case sizeMismatch(first: String, firstSize: [Int], second: String, secondSize: [Int])
    case fileAndFolder(file: String, folder: String)
    case noCommonImages(first: String, second: String)
    case idxWrongMagic(file: String, expected: UInt32, found: UInt32)
    case idxWrongLength(file: String, expected: Int, found: Int)
    case idxCountMismatch(images: String, imageCount: Int, labels: String, labelCount: Int)
    /// Images of zero rows or columns.
    case idxEmptyImages(file: String, height: Int, width: Int)
    /// A header whose sizes add up to more than `IDXFile.maximumPayload` bytes.
    case idxTooLarge(file: String, promised: Int, limit: Int)
    /// A gzip file whose header promises more bytes than its compressed data can expand to.
    case idxImpossibleLength(file: String, promised: Int, compressedBytes: Int)

    public var description: String {
        switch self {
        case .missingFile(let file):
            return "\(file): no such file"
        case .unreadable(let file, let reason):
            return "\(file): cannot read: \(reason)"
        case .notAnImage(let file, let header):
            return "\(file): not a PNG or JPEG image (starts with \(header.isEmpty ? "nothing, the file is empty" : header))"
        case .corruptPNG(let file, let message):
            return "\(file): corrupt or truncated PNG: \(message)"
        case .corruptJPEG(let file, let message):
            return "\(file): corrupt or truncated JPEG: \(message)"
        case .unsupported(let file, let what):
            return "\(file): unsupported image: \(what)"
        case .tooManyPixels(let file, let width, let height, let limit):
            return "\(file): a \(width)x\(height) image is over the limit of \(limit) pixels; refusing to decode it"
        case .impossibleSize(let file, let width, let height, let bytes):
            return "\(file): a \(width)x\(height) PNG cannot be held in \(bytes) bytes (deflate expands at most 1032-fold); "
                + "the header is damaged"
        case .cannotWrite(let file, let reason):
            return "\(file): cannot write: \(reason)"
        case .notAFolder(let path):
            return "\(path): not a folder"
        case .noImages(let folder):
            return "\(folder): no .png, .jpg or .jpeg files found"
        case .sizeMismatch(let first, let firstSize, let second, let secondSize):
            return "\(first) is \(firstSize[0])x\(firstSize[1]) but \(second) is \(secondSize[0])x\(secondSize[1]); "
                + "resize both to one size (vae-cli: --resize N) to compare them"
        case .fileAndFolder(let file, let folder):
            return "\(file) is a file but \(folder) is a folder; give two image files or two folders"
        case .noCommonImages(let first, let second):
            return "\(first) and \(second) have no image path in common"
        case .idxWrongMagic(let file, let expected, let found):
            return "\(file): not an IDX file of the expected kind: magic 0x\(hex8(found)), expected 0x\(hex8(expected))"
        case .idxWrongLength(let file, let expected, let found):
            return found < expected
                ? "\(file): truncated IDX data: header promises \(expected) bytes, found \(found)"
                : "\(file): IDX data longer than its header says: expected \(expected) bytes, found \(found)"
        case .idxCountMismatch(let images, let imageCount, let labels, let labelCount):
            return "\(images): \(imageCount) images, but \(labels) has \(labelCount) labels"
        case .idxEmptyImages(let file, let height, let width):
            return "\(file): IDX images of \(height)x\(width) pixels; an image has at least one row and column"
        case .idxTooLarge(let file, let promised, let limit):
            return "\(file): IDX header promises \(promised) bytes, over the limit of \(limit); refusing to read it"
        case .idxImpossibleLength(let file, let promised, let compressedBytes):
            return "\(file): IDX header promises \(promised) bytes, more than \(compressedBytes) bytes of gzip data "
                + "can expand to (1032-fold at most); the file is damaged"
        }
    }
}

private func hex8(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
