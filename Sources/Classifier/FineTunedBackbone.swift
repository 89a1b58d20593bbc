import Datasets
import FeatureNetworks
import NN

/// The top layers of a feature network trained with the head ("freeze all but the top";
/// Yosinski's AnB+): the stages from the first fine-tuned layer up to the feature layer, run on
/// the cached activations of the stage just below them, so the frozen part below is computed once
/// and read from the feature cache.
///
/// Training augments those cached maps, not the images (the images are not run again): a
/// horizontal flip with probability ½ and a shift of up to `maximumShift` cells each way, zeros
/// filling in. The output is pooled as `FeatureExtractor` pools the layer, then standardised by
/// `scaling` (fitted once, on the frozen features of the training rows).
public final class FineTunedBackbone {
    public let network: FeatureNetwork
    /// The layers whose weights train, in network order.
    public let fineTuned: [String]
    /// The stage whose activations the backbone reads (cached): the one below the first fine-tuned layer.
    public let inputStage: String
    /// One image's input map, `[C, H, W]`.
    public let inputShape: [Int]
    public let layer: String
    public let outputWidth: Int
    public var scaling: FeatureScaling?
    public let maximumShift = 1

    private let stages: [FeatureNetwork.Stage]
    private let reduction: AdaptiveAveragePool2D?
    private let initial: [Tensor]
    private var lastOutputShape: [Int]?

    /// Unfreezes the `fineTune` layers of `network`. Throws when one is not a stage with weights,
    /// lies above the feature layer `layer`, or is the network's first stage (nothing to cache).
    public init(network: FeatureNetwork, setName: String, fineTune: [String], layer: String, imageSize: Int) throws {
        precondition(!fineTune.isEmpty, "fine-tuning needs a layer")
        guard let layerIndex = network.stageNames.firstIndex(of: layer) else {
            throw ClassifierError.layerMissing(set: setName, layer: layer, available: network.stageNames)
        }
        let trainable = network.stages.filter { !$0.layer.parameters.isEmpty }.map(\.name)
        var indices: [Int] = []
        for name in fineTune {
            guard let index = network.stageNames.firstIndex(of: name) else {
                throw ClassifierError.layerMissing(set: setName, layer: name, available: network.stageNames)
            }
            guard !network.stages[index].layer.parameters.isEmpty else {
                throw ClassifierError.nothingToFineTune(set: setName, layer: name, trainable: trainable)
            }
            guard index <= layerIndex else {
                throw ClassifierError.fineTuneAboveFeatures(layer: name, featureLayer: layer)
            }
            guard index > 0 else { throw ClassifierError.fineTuneFirstLayer(set: setName, layer: name) }
            indices.append(index)
        }
        indices = Array(Set(indices)).sorted()
        self.network = network
        fineTuned = indices.map { network.stageNames[$0] }
        inputStage = network.stageNames[indices[0] - 1]
        self.layer = layer
        stages = Array(network.stages[indices[0]...layerIndex])
        let probe = try network.features(Tensor(zeros: [1, 3, imageSize, imageSize]), at: [inputStage, layer], mode: .inference)
        inputShape = Array(probe[inputStage]!.shape.dropFirst())
        reduction = FeatureExtractor.reduction(of: probe[layer]!.shape)
        outputWidth = reduction.map { probe[layer]!.shape[1] * $0.outputSize * $0.outputSize } ?? probe[layer]!.count
        let trained = indices.flatMap { network.stages[$0].layer.parameters }
        for p in trained { p.isFrozen = false }
        initial = trained.map(\.value)
    }

    /// The fine-tuned layers' parameters.
    public var parameters: [Parameter] {
        network.stages.filter { fineTuned.contains($0.name) }.flatMap { $0.layer.parameters }
    }

    /// The fine-tuned weights by parameter name, for saving with a model.
    public var weights: [String: Tensor] { Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.value) }) }

    /// Back to the network's own weights, for the next run.
    public func reset() {
        for (p, value) in zip(parameters, initial) { p.value = value }
    }

    /// Features `[N, outputWidth]` of input maps `[N, C·H·W]`, before standardisation.
    public func unscaledFeatures(_ maps: Tensor, mode: Mode) -> Tensor {
        var h = maps.reshaped([maps.shape[0]] + inputShape)
        for stage in stages { h = stage.layer.forward(h, mode: mode) }
        if let reduction { h = reduction.forward(h, mode: mode) }
        if mode == .training { lastOutputShape = h.shape }
        return h.reshaped([maps.shape[0], outputWidth])
    }

    /// `unscaledFeatures` in inference, a batch at a time (the convolutions' working memory grows with the batch).
    public func unscaledFeaturesInBatches(_ maps: Tensor, batchSize: Int = 64) -> Tensor {
        Tensor(concatenating: stride(from: 0, to: maps.shape[0], by: batchSize).map { start in
            unscaledFeatures(maps.gatheringRows(Array(start..<min(start + batchSize, maps.shape[0]))), mode: .inference)
        })
    }

    /// Standardised features of input maps, what the head reads.
    public func features(_ maps: Tensor, mode: Mode) -> Tensor {
        guard let scaling else { preconditionFailure("FineTunedBackbone: fit the scaling before use") }
        return scaling.apply(unscaledFeatures(maps, mode: mode))
    }

    /// Adds the fine-tuned layers' gradients for dL/d(standardised features) of the last training forward.
    public func backward(_ dFeatures: Tensor) {
        let shape = requireCached(lastOutputShape, "FineTunedBackbone")
        let inverse = scaling!.standardDeviation.map { 1 / $0 }
        var g = dFeatures
        g.withUnsafeMutableBufferPointer { d in
            for row in 0..<shape[0] { for j in 0..<outputWidth { d[row * outputWidth + j] *= inverse[j] } }
        }
        g = g.reshaped(shape)
        if let reduction { g = reduction.backward(g, needsInputGradient: true)! }
        for (index, stage) in stages.enumerated().reversed() {
            guard let next = stage.layer.backward(g, needsInputGradient: index > 0) else { break }
            g = next
        }
        lastOutputShape = nil
    }

    /// Input maps `[N, C·H·W]` flipped left-right with probability ½ and shifted by up to
    /// `maximumShift` cells in each direction, each map on its own draw.
    public func augmented(_ maps: Tensor, using generator: inout SeededGenerator) -> Tensor {
        let (channels, height, width) = (inputShape[0], inputShape[1], inputShape[2])
        let plane = height * width, size = channels * plane
        var result = Tensor(zeros: maps.shape)
        maps.withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { y in
                for n in 0..<maps.shape[0] {
                    let flips = SeedStreams.index(below: 2, using: &generator) == 1
                    let dy = SeedStreams.index(below: 2 * maximumShift + 1, using: &generator) - maximumShift
                    let dx = SeedStreams.index(below: 2 * maximumShift + 1, using: &generator) - maximumShift
                    for c in 0..<channels {
                        let source = x.baseAddress! + n * size + c * plane, target = y.baseAddress! + n * size + c * plane
                        for row in 0..<height where (0..<height).contains(row + dy) {
                            for column in 0..<width {
                                let shifted = column + dx
                                guard (0..<width).contains(shifted) else { continue }
                                target[row * width + column] = source[(row + dy) * width + (flips ? width - 1 - shifted : shifted)]
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}
