import FeatureNetworks
import ImageFiles
import NN

/// The features FD-AlexNet compares: the embedded ImageNet AlexNet's pool5 (256 channels),
/// averaged over its spatial positions, one 256-d row per image.
///
/// AlexNet sees the images at the VAE's own size, but at least 64x64 (the smallest input with a
/// pool5; 32x32 images are enlarged). Measured on a 64x64 run of clothing-small (6 epochs, 372
/// test images, release build, two cores shared with a training run): at AlexNet's native 224,
/// as FID resizes to Inception's 299, FD ranked N(0, I) samples (128, 129 with another seed)
/// ahead of the fitted prior's (144, 146), although the N(0, I) grid is grey mush and the fitted
/// one shows clothes; at 64 it ranked them as the eye does (fitted 1106, 1084; N(0, I) 2003,
/// 1980; reconstructions 1088). Enlarged 3.5x, the images are mostly smooth to AlexNet's conv1,
/// and the distance compared the resampling more than the images. 64 also costs a quarter as
/// much: that evaluation took 15 s instead of 39 s. `evaluate --feature-size 224` still gives
/// the other figure.
public final class AlexNetFeatures {
    public static let layer = "pool5"
    /// Images per AlexNet forward: bounds the activations' memory (conv1 at 224 is 64 x 64 x 55 x
    /// 55 floats, 50 MB, per batch of 64).
    public static let batchSize = 64

    public let network: FeatureNetwork
    public let inputSize: Int

    /// The smallest input with a pool5.
    public static let minimumInputSize = 64

    /// The size AlexNet sees images of `imageSize` at (see above).
    public static func inputSize(forImageSize imageSize: Int) -> Int { max(minimumInputSize, imageSize) }

    /// - Parameter network: the embedded ImageNet AlexNet unless given (tests pass it to share it).
    public init(network: FeatureNetwork? = nil, inputSize: Int) throws {
        precondition(inputSize >= Self.minimumInputSize, "AlexNet's pool5 needs inputs of at least 64x64, not \(inputSize)")
        self.network = try network ?? EmbeddedWeights.imagenetNetwork()
        self.inputSize = inputSize
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
