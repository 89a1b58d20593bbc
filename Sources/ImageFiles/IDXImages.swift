import NN

/// An IDX image file (magic 0x00000803): `count` grey images of `height` x `width` bytes.
public struct IDXImages: Sendable {
    public static let magic: UInt32 = 0x0000_0803
    public let count: Int, height: Int, width: Int
    /// [count, height, width], 0 = black, 255 = white.
    public let pixels: [UInt8]

    /// Reads a gzip-compressed or raw file such as `t10k-images-idx3-ubyte.gz`.
    public init(contentsOfFile path: String) throws {
        let (sizes, bytes) = try IDXFile.read(path, magic: Self.magic)
        // A header of 0 rows or columns holds no pixels whatever the count, and an image has at least one.
        guard sizes[1] > 0 && sizes[2] > 0 else {
            throw ImageFilesError.idxEmptyImages(file: path, height: sizes[1], width: sizes[2])
        }
        (count, height, width) = (sizes[0], sizes[1], sizes[2])
        pixels = bytes
    }

    /// Images `indices` as `[n, channels, height, width]` in [0, 1]; `channels` 3 repeats the grey.
    public func batch(_ indices: [Int], channels: Int = 1) -> Tensor {
        precondition(channels == 1 || channels == 3, "IDX batches have 1 or 3 channels, not \(channels)")
        let plane = height * width
        var batch = Tensor(uninitializedShape: [indices.count, channels, height, width])
        pixels.withUnsafeBufferPointer { src in
            batch.withUnsafeMutableBufferPointer { dst in
                for (n, index) in indices.enumerated() {
                    precondition(index >= 0 && index < count, "image \(index) outside 0..<\(count)")
                    for c in 0..<channels {
                        let out = (n * channels + c) * plane
                        for i in 0..<plane { dst[out + i] = Float(src[index * plane + i]) / 255 }
                    }
                }
            }
        }
        return batch
    }

    /// Image `index` as an RGB `Image` (three equal channels), straight from its bytes: the
    /// training loader asks for one per example per epoch.
    public func image(_ index: Int) -> Image {
        precondition(index >= 0 && index < count, "image \(index) outside 0..<\(count)")
        let plane = height * width
        return pixels.withUnsafeBufferPointer {
            Image(width: width, height: height, interleaved: UnsafeBufferPointer(rebasing: $0[index * plane..<(index + 1) * plane]),
                  components: 1)
        }
    }
}
