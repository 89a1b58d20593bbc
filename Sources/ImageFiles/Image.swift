import NN

/// An RGB image with float pixels in [0, 1].
///
/// Stored planar, channel after channel (`[3, height, width]`), so it is one CHW slice of an NCHW
/// batch as it stands. Decoders turn grey into three equal channels and composite alpha onto white.
public struct Image: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// [3, height, width]: the red plane, then green, then blue.
    public var pixels: [Float]

    public init(width: Int, height: Int, pixels: [Float]) {
        precondition(width > 0 && height > 0, "image size \(width)x\(height) must be positive")
        precondition(pixels.count == 3 * width * height,
                     "a \(width)x\(height) RGB image holds \(3 * width * height) values, given \(pixels.count)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A uniform image of one colour.
    public init(width: Int, height: Int, red: Float, green: Float, blue: Float) {
        precondition(width > 0 && height > 0, "image size \(width)x\(height) must be positive")
        let plane = width * height
        var pixels = [Float](repeating: red, count: 3 * plane)
        pixels.replaceSubrange(plane..<2 * plane, with: repeatElement(green, count: plane))
        pixels.replaceSubrange(2 * plane..<3 * plane, with: repeatElement(blue, count: plane))
        self.init(width: width, height: height, pixels: pixels)
    }

    /// An image from a `[3, h, w]` or `[1, h, w]` (grey) tensor. Values are clamped to [0, 1], as a
    /// network's output may overshoot slightly.
    public init(_ tensor: Tensor) {
        precondition(tensor.rank == 3 && (tensor.shape[0] == 3 || tensor.shape[0] == 1),
                     "an image tensor is [3, H, W] or [1, H, W], found \(tensor.shape)")
        let height = tensor.shape[1], width = tensor.shape[2]
        let clamped = tensor.scalars.map { min(max($0, 0), 1) }
        self.init(width: width, height: height,
                  pixels: tensor.shape[0] == 3 ? clamped : clamped + clamped + clamped)
    }

    /// `[3, height, width]`, ready to stack into an NCHW batch.
    public var tensor: Tensor { Tensor(shape: [3, height, width], scalars: pixels) }

    public subscript(channel: Int, y: Int, x: Int) -> Float {
        get { pixels[(channel * height + y) * width + x] }
        set { pixels[(channel * height + y) * width + x] = newValue }
    }

    /// From interleaved 8-bit rows (`[height, width, components]`, 1 = grey or 3 = RGB).
    init(width: Int, height: Int, interleaved bytes: UnsafeBufferPointer<UInt8>, components: Int) {
        precondition(components == 1 || components == 3, "\(components) components per pixel")
        precondition(bytes.count == width * height * components,
                     "\(width)x\(height)x\(components) pixels need \(width * height * components) bytes, given \(bytes.count)")
        let plane = width * height
        var pixels = [Float](repeating: 0, count: 3 * plane)
        pixels.withUnsafeMutableBufferPointer { out in
            for i in 0..<plane {
                for c in 0..<3 {
                    out[c * plane + i] = Float(bytes[i * components + (components == 3 ? c : 0)]) / 255
                }
            }
        }
        self.init(width: width, height: height, pixels: pixels)
    }

    /// Interleaved 8-bit RGB rows (`[height, width, 3]`) for the encoders, rounded to nearest.
    func interleavedBytes() -> [UInt8] {
        let plane = width * height
        var bytes = [UInt8](repeating: 0, count: 3 * plane)
        pixels.withUnsafeBufferPointer { p in
            bytes.withUnsafeMutableBufferPointer { out in
                for i in 0..<plane {
                    for c in 0..<3 {
                        out[i * 3 + c] = UInt8((min(max(p[c * plane + i], 0), 1) * 255).rounded())
                    }
                }
            }
        }
        return bytes
    }
}
