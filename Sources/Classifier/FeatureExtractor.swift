import Datasets
import FeatureNetworks
import Foundation
import ImageFiles
import NN

/// Runs images through a frozen network up to one layer and keeps that layer's activations,
/// flattened: one row of features per image.
///
/// Images are resized on the shorter side and centre-cropped to `imageSize` (the network's own
/// input size unless told otherwise) by a `BatchLoader` decoding ahead on a background thread.
public final class FeatureExtractor {
    public let network: FeatureNetwork
    public let layer: String
    public let imageSize: Int
    public let batchSize: Int

    /// Throws when the network has no such layer, or when `imageSize` differs from the native size
    /// and a fully connected stage (which fixes its input size) comes before the layer.
    public init(network: FeatureNetwork, layer: String, imageSize: Int? = nil, batchSize: Int = 32) throws {
        precondition(batchSize > 0 && (imageSize ?? 1) > 0, "batch size \(batchSize) and image size \(imageSize ?? 0) must be positive")
        guard let index = network.stageNames.firstIndex(of: layer) else {
            throw ClassifierError.layerMissing(set: network.name, layer: layer, available: network.stageNames)
        }
        let size = imageSize ?? network.nativeInputSize
        if size != network.nativeInputSize, network.stages[...index].contains(where: { $0.layer is Linear }) {
            throw ClassifierError.fixedInputSize(set: network.name, layer: layer, nativeSize: network.nativeInputSize,
                                                 requested: size)
        }
        self.network = network
        self.layer = layer
        self.imageSize = size
        self.batchSize = batchSize
    }

    /// Everything that turns a file into the network's input, for the cache key: a change in any
    /// of it makes cached features stale.
    public var preprocessing: String {
        let affine = network.preprocessing
        return "shorter side to \(imageSize), centre crop \(imageSize)x\(imageSize), RGB [0,1]; channels from "
            + "\(affine.source) scaled by \(affine.scale) shifted by \(affine.shift)"
    }

    /// Features `[N, D]` of a batch of RGB [0, 1] images `[N, 3, imageSize, imageSize]`.
    public func features(ofBatch images: Tensor) throws -> Tensor {
        requireShape(Array(images.shape.dropFirst()), [3, imageSize, imageSize], "\(network.name) feature input")
        let output = try network.features(images, at: [layer], mode: .inference)[layer]!
        return output.reshaped([images.shape[0], output.count / images.shape[0]])
    }

    /// Features of image files, decoded here, in batches; a file that cannot be read is an error.
    public func features(ofFiles paths: [String]) throws -> Tensor {
        var parts: [Tensor] = []
        for start in stride(from: 0, to: paths.count, by: batchSize) {
            let images = try paths[start..<min(start + batchSize, paths.count)].map {
                try Image(contentsOfFile: $0).resizedAndCropped(toSquare: imageSize).tensor
            }
            parts.append(try features(ofBatch: Tensor(stacking: images)))
        }
        return Tensor(concatenating: parts)
    }

    /// Features of `examples` in their order, `[count, D]`. Files that fail to decode are listed
    /// in `skipped`, get rows of zeros and `readable` false. `progress(done, total)` comes once
    /// before the first batch (done 0) and after each batch.
    public func features(of examples: [Example], origin: String,
                         progress: (Int, Int) -> Void = { _, _ in }) throws -> DatasetFeatures {
        let report = SkipReport()
        let split = DatasetSplit(name: .train, origin: origin, examples: examples, classNames: [])
        let loader = try BatchLoader(split: split, imageSize: imageSize, batchSize: batchSize, shuffles: false,
                                     decodingThreads: 1, prefetchedBatches: 2, cacheLimit: 0, report: report)
        let stream = loader.batches(epoch: 0)
        progress(0, examples.count)
        var rows: [Float] = []
        var width = 0
        var readable = [Bool](repeating: false, count: examples.count)
        while let batch = try stream.next() {
            let output = try features(ofBatch: batch.images)
            if rows.isEmpty {
                width = output.shape[1]
                rows = [Float](repeating: 0, count: examples.count * width)
            }
            output.withUnsafeBufferPointer { source in
                rows.withUnsafeMutableBufferPointer { target in
                    for (n, example) in batch.exampleIndices.enumerated() {
                        (target.baseAddress! + example * width).update(from: source.baseAddress! + n * width, count: width)
                        readable[example] = true
                    }
                }
            }
            progress(min((batch.index + 1) * batchSize, examples.count), examples.count)
        }
        return DatasetFeatures(features: Tensor(shape: [examples.count, width], scalars: rows), readable: readable,
                               skipped: report.entries)
    }
}
