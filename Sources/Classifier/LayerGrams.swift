import Datasets
import FeatureNetworks
import NN
import Statistics

/// One network's representations of the same images at several layers, each kept as its centred
/// Gram matrix (N x N) for linear CKA: one forward pass over the images fills every layer.
///
/// Images are resized on the shorter side and centre-cropped to the network's own input size, as
/// `FeatureExtractor` does. The features of every layer are held (float32) until the pass ends:
/// N x 3 MB for AlexNet's conv1 to pool5, so the image count bounds the memory.
public struct LayerGrams {
    public let network: String
    public let layers: [String]
    /// By layer; over the readable images only.
    public let grams: [String: CentredGram]
    /// Which of the examples decoded (the others are listed in `skipped`).
    public let readable: [Bool]
    public let skipped: [SkippedFile]

    /// `imageSize` replaces the network's own input size (small tests; a fully connected layer
    /// then refuses the features). `progress(done, total)` comes once before the first batch
    /// (done 0) and after each batch.
    public init(network: FeatureNetwork, layers: [String], examples: [Example], origin: String, imageSize: Int? = nil,
                batchSize: Int = 32, progress: (Int, Int) -> Void = { _, _ in }) throws {
        precondition(!layers.isEmpty && !examples.isEmpty, "\(layers.count) layers and \(examples.count) images")
        for layer in layers { _ = try network.stageIndex(layer) }
        let report = SkipReport()
        let split = DatasetSplit(name: .train, origin: origin, examples: examples, classNames: [])
        let loader = try BatchLoader(split: split, imageSize: imageSize ?? network.nativeInputSize, batchSize: batchSize, shuffles: false,
                                     decodingThreads: 1, prefetchedBatches: 2, cacheLimit: 0, report: report)
        let stream = loader.batches(epoch: 0)
        progress(0, examples.count)
        var features: [String: [Float]] = [:], widths: [String: Int] = [:]
        var readable = [Bool](repeating: false, count: examples.count)
        while let batch = try stream.next() {
            let outputs = try network.features(batch.images, at: layers, mode: .inference)
            for layer in layers {
                let output = outputs[layer]!, width = output.count / batch.images.shape[0]
                if features[layer] == nil {
                    widths[layer] = width
                    features[layer] = [Float](repeating: 0, count: examples.count * width)
                }
                output.withUnsafeBufferPointer { source in
                    features[layer]!.withUnsafeMutableBufferPointer { target in
                        for (n, example) in batch.exampleIndices.enumerated() {
                            (target.baseAddress! + example * width).update(from: source.baseAddress! + n * width, count: width)
                        }
                    }
                }
            }
            for example in batch.exampleIndices { readable[example] = true }
            progress(min((batch.index + 1) * batchSize, examples.count), examples.count)
        }
        let rows = readable.indices.filter { readable[$0] }
        guard !rows.isEmpty else {
            throw DatasetError.noReadableImages(split: "chosen", folder: origin, skipped: report.count)
        }
        var grams: [String: CentredGram] = [:]
        for layer in layers {
            let values = features.removeValue(forKey: layer)!   // each layer's features freed once used
            grams[layer] = try values.withUnsafeBufferPointer {
                try CentredGram(features: $0, width: widths[layer]!, rows: rows)
            }
        }
        self.network = network.name
        self.layers = layers
        self.grams = grams
        self.readable = readable
        self.skipped = report.entries
    }
}
