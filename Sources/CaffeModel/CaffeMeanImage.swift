import Foundation

/// A Caffe mean image (`.binaryproto`: one `BlobProto`), as subtracted from BGR 0-255 inputs.
public struct CaffeMeanImage: Sendable, Equatable {
    public var channels: Int
    public var height: Int
    public var width: Int
    /// [channels, height, width], in the file's channel order (BGR for Caffe's ImageNet means).
    public var data: [Float]

    public init(channels: Int, height: Int, width: Int, data: [Float]) {
        precondition(channels * height * width == data.count,
                     "mean image [\(channels), \(height), \(width)] holds \(channels * height * width) values, given \(data.count)")
        self.channels = channels
        self.height = height
        self.width = width
        self.data = data
    }

    /// Reads a `.binaryproto` of shape [1, C, H, W] or [C, H, W]; throws `CaffeModelError`.
    public init(contentsOf url: URL) throws {
        try self.init(serialized: CaffeFile.read(url), file: url.path)
    }

    public init(serialized bytes: [UInt8], file: String = "<memory>") throws {
        let blob: CaffeBlob
        do {
            blob = try BlobDecoder(file: file, layer: nil, index: 0).decode(ProtobufReader(bytes))
        } catch let error as ProtobufError {
            throw CaffeModelError.wire(file: file, error)
        }
        let s = blob.shape
        guard (s.count == 4 && s[0] == 1) || s.count == 3, blob.count > 0 else {
            throw CaffeModelError.invalidMean(file: file, shape: s)
        }
        self.init(channels: s[s.count - 3], height: s[s.count - 2], width: s[s.count - 1], data: blob.data)
    }

    /// The mean of each channel over the whole image (summed in Double).
    public var channelMeans: [Float] {
        let plane = height * width
        return (0..<channels).map { c in
            Float(data[c * plane ..< (c + 1) * plane].reduce(0.0) { $0 + Double($1) } / Double(plane))
        }
    }
}
