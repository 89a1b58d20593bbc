import FeatureNetworks
import ImageFiles
import NN

/// The features FD-AlexNet compares: the embedded ImageNet AlexNet's pool5 (256 channels),
/// averaged over its spatial positions, one 256-d row per image.
///
/// The images are resized to AlexNet's native 224x224 with the project's resizing (area averaging
/// when shrinking, bilinear when enlarging) before they go in, as FID resizes to Inception's 299.
/// At the VAE's own size the network would see what it was never trained on: at 64x64 pool5 is
/// 1x1 and at 32x32 the input is too small for pool5 at all, so the distance would measure
/// AlexNet's border effects more than the images. 224 costs 12x the operations of 64x64
/// (measured on 2 cores: about 95 images/s at 224 against 900 at 64), which at the default count
/// of evaluate (4 x 1000 images) is a little under a minute: affordable for an evaluation.
public final class AlexNetFeatures {
    public static let layer = "pool5"
    /// Images per AlexNet forward: bounds the activations' memory (conv1 at 224 is 64 x 64 x 55 x
    /// 55 floats, 50 MB, per batch of 64).
    public static let batchSize = 64

    public let network: FeatureNetwork
    public let inputSize: Int

    /// - Parameters:
    ///   - network: the embedded ImageNet AlexNet unless given (tests pass it to share it).
    ///   - inputSize: the network's native size unless given; tests take 64 (the smallest with a
    ///     pool5), as the debug build runs AlexNet at 224 too slowly for them.
    public init(network: FeatureNetwork? = nil, inputSize: Int? = nil) throws {
        self.network = try network ?? EmbeddedWeights.imagenetNetwork()
        self.inputSize = inputSize ?? self.network.nativeInputSize
        precondition(self.inputSize >= 64, "AlexNet's pool5 needs inputs of at least 64x64, not \(self.inputSize)")
        _ = try self.network.stageIndex(Self.layer)
    }

    /// The width of a feature row (pool5's channels).
    public var dimension: Int { 256 }

    /// One sentence for reports: which network, layer and input size.
    public var description: String {
        "\(network.name) AlexNet \(Self.layer), global-average-pooled (\(dimension)-d), images resized to \(inputSize)x\(inputSize)"
    }

    /// Features [N, 256] of RGB [0, 1] images [N, 3, S, S], in batches of `batchSize`;
    /// `progress(images)` after each batch.
    public func features(_ images: Tensor, progress: (Int) -> Void = { _ in }) throws -> Tensor {
        let n = images.shape[0]
        var rows: [Tensor] = []
        for start in stride(from: 0, to: n, by: Self.batchSize) {
            let batch = images.slice(start..<min(start + Self.batchSize, n))
            rows.append(try pooledFeatures(resized(batch)))
            progress(batch.shape[0])
        }
        return Tensor(concatenating: rows)
    }

    /// The batch at the network's input size, each image resized on its own.
    private func resized(_ batch: Tensor) -> Tensor {
        if batch.shape[2] == inputSize && batch.shape[3] == inputSize { return batch }
        return Tensor(stacking: (0..<batch.shape[0]).map {
            Image(batch.slice($0)).resizedAndCropped(toSquare: inputSize).tensor
        })
    }

    /// pool5 [N, 256, h, w] averaged over h x w: [N, 256].
    private func pooledFeatures(_ batch: Tensor) throws -> Tensor {
        let pool5 = try network.features(batch, at: [Self.layer], mode: .inference)[Self.layer]!
        let (n, channels) = (pool5.shape[0], pool5.shape[1])
        let positions = pool5.count / (n * channels)
        var pooled = [Float](repeating: 0, count: n * channels)
        pool5.withUnsafeBufferPointer { p in
            for row in 0..<(n * channels) {
                var sum = 0.0
                for k in 0..<positions { sum += Double(p[row * positions + k]) }
                pooled[row] = Float(sum / Double(positions))
            }
        }
        return Tensor(shape: [n, channels], scalars: pooled)
    }
}
