import Datasets
import FeatureNetworks
import Foundation
import ImageFiles
import NN

/// Runs images through a frozen network up to one layer and keeps that layer's activations,
/// flattened: one row of features per image.
///
/// A layer wider than `widestFeatures` (early convolutions: conv1 of a 227-pixel AlexNet is
/// 96x55x55 = 290,400 numbers) is average-pooled per channel to the largest square grid that fits
/// (AlexNet's conv1 to 9x9 or 12x12, conv3 to 4x4), as DeCAF-style layer sweeps do, so that a
/// sweep over thousands of images fits in memory and every layer's head has a comparable input.
///
/// Images are resized on the shorter side and centre-cropped to `imageSize` (the network's own
/// input size unless told otherwise) by a `BatchLoader` decoding ahead on a background thread.
public final class FeatureExtractor {
    public let network: FeatureNetwork
    public let layer: String
    public let imageSize: Int
    public let batchSize: Int
    /// The pooling of a layer wider than `widestFeatures`; nil when the layer is kept whole.
    public let reduction: AdaptiveAveragePool2D?
    /// The layer's own output for one image, before any pooling: `[C, H, W]`, or `[D]` after a
    /// fully connected stage.
    public let layerShape: [Int]

    /// pool5's width in AlexNet (256x6x6): pool5 and fc6 keep every feature.
    public static let widestFeatures = 9216

    /// Throws when the network has no such layer, or when `imageSize` differs from the native size
    /// and a fully connected stage (which fixes its input size) comes before the layer.
    /// `poolsWideLayers` false keeps every number of a wide layer (the maps fine-tuning starts from).
    public init(network: FeatureNetwork, layer: String, imageSize: Int? = nil, batchSize: Int = 32,
                poolsWideLayers: Bool = true) throws {
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
        let shape = try network.features(Tensor(zeros: [1, 3, size, size]), at: [layer], mode: .inference)[layer]!.shape
        layerShape = Array(shape.dropFirst())
        reduction = poolsWideLayers ? Self.reduction(of: shape) : nil
    }

    /// The average pooling that brings a map `[1, C, H, W]` within `widestFeatures`, or nil.
    public static func reduction(of shape: [Int]) -> AdaptiveAveragePool2D? {
        guard shape.count == 4, shape.dropFirst().reduce(1, *) > widestFeatures else { return nil }
        let (channels, side) = (shape[1], min(shape[2], shape[3]))
        let grid = (1...side).last { channels * $0 * $0 <= widestFeatures } ?? 1
        return AdaptiveAveragePool2D(outputSize: grid)
    }

    /// Everything that turns a file into the network's input, for the cache key: a change in any
    /// of it makes cached features stale.
    public var preprocessing: String {
        let affine = network.preprocessing
        let pooled = reduction.map { "; \(layer) average-pooled to \($0.outputSize)x\($0.outputSize)" } ?? ""
        return "shorter side to \(imageSize), centre crop \(imageSize)x\(imageSize), RGB [0,1]; channels from "
            + "\(affine.source) scaled by \(affine.scale) shifted by \(affine.shift)" + pooled
    }

    /// Features `[N, D]` of a batch of RGB [0, 1] images `[N, 3, imageSize, imageSize]`.
    public func features(ofBatch images: Tensor) throws -> Tensor {
        try Self.features(ofBatch: images, extractors: [self])[0]
    }

    /// Features `[N, D]` of a batch at each extractor's layer, from one pass through their shared
    /// network.
    static func features(ofBatch images: Tensor, extractors: [FeatureExtractor]) throws -> [Tensor] {
        let first = extractors[0]
        requireShape(Array(images.shape.dropFirst()), [3, first.imageSize, first.imageSize], "\(first.network.name) feature input")
        let outputs = try first.network.features(images, at: extractors.map(\.layer), mode: .inference)
        return extractors.map { extractor in
            var output = outputs[extractor.layer]!
            if let reduction = extractor.reduction { output = reduction.forward(output, mode: .inference) }
            return output.reshaped([images.shape[0], output.count / images.shape[0]])
        }
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
        try Self.features(of: examples, origin: origin, extractors: [self], progress: progress)[0]
    }

    /// As `features(of:origin:progress:)` for several layers of one network at once: each image is
    /// decoded and run through the network once, however many layers are kept.
    public static func features(of examples: [Example], origin: String, extractors: [FeatureExtractor],
                                progress: (Int, Int) -> Void = { _, _ in }) throws -> [DatasetFeatures] {
        let first = extractors[0]
        precondition(extractors.allSatisfy { $0.network === first.network && $0.imageSize == first.imageSize
                                             && $0.batchSize == first.batchSize },
                     "extractors sharing a pass need one network, image size and batch size")
        let report = SkipReport()
        let split = DatasetSplit(name: .train, origin: origin, examples: examples, classNames: [])
        let loader = try BatchLoader(split: split, imageSize: first.imageSize, batchSize: first.batchSize, shuffles: false,
                                     decodingThreads: 1, prefetchedBatches: 2, cacheLimit: 0, report: report)
        let stream = loader.batches(epoch: 0)
        progress(0, examples.count)
        var rows = [[Float]](repeating: [], count: extractors.count)
        var widths = [Int](repeating: 0, count: extractors.count)
        var readable = [Bool](repeating: false, count: examples.count)
        while let batch = try stream.next() {
            for (index, output) in try features(ofBatch: batch.images, extractors: extractors).enumerated() {
                if rows[index].isEmpty {
                    widths[index] = output.shape[1]
                    rows[index] = [Float](repeating: 0, count: examples.count * widths[index])
                }
                let width = widths[index]
                output.withUnsafeBufferPointer { source in
                    rows[index].withUnsafeMutableBufferPointer { target in
                        for (n, example) in batch.exampleIndices.enumerated() {
                            (target.baseAddress! + example * width).update(from: source.baseAddress! + n * width, count: width)
                        }
                    }
                }
            }
            for example in batch.exampleIndices { readable[example] = true }
            progress(min((batch.index + 1) * first.batchSize, examples.count), examples.count)
        }
        return zip(rows, widths).map { rows, width in
            DatasetFeatures(features: Tensor(shape: [examples.count, width], scalars: rows), readable: readable,
                            skipped: report.entries)
        }
    }
}
