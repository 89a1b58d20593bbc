import NN

/// A frozen feed-forward network whose every stage has a name (`conv1`, `relu1`, `norm1`,
/// `pool1`, ... `fc6`), so the activations of any named stage can be read and a loss on several
/// of them sent back to the input image.
///
/// It takes RGB images in [0, 1]; `preprocessing` turns them into the network's own convention.
public final class FeatureNetwork {
    public struct Stage {
        public let name: String
        public let layer: Layer
    }

    public let name: String
    public let preprocessing: ChannelAffine
    public let stages: [Stage]
    /// The input size the weights were trained at (227 for Caffe's AlexNet, 224 for torchvision's).
    public let nativeInputSize: Int

    public init(name: String, preprocessing: ChannelAffine, stages: [Stage], nativeInputSize: Int) {
        precondition(Set(stages.map(\.name)).count == stages.count, "\(name): stage names must be unique")
        self.name = name
        self.preprocessing = preprocessing
        self.stages = stages
        self.nativeInputSize = nativeInputSize
        for stage in stages { stage.layer.freeze() }
    }

    public var stageNames: [String] { stages.map(\.name) }
    public var parameters: [Parameter] { stages.flatMap { $0.layer.parameters } }

    /// Index of a stage, or a thrown error naming the stages there are.
    public func stageIndex(_ name: String) throws -> Int {
        guard let index = stages.firstIndex(where: { $0.name == name }) else {
            throw FeatureNetworkError.unknownLayer(name, network: self.name, available: stageNames)
        }
        return index
    }

    /// Activations of the named stages for a batch of RGB [0, 1] images [N, 3, H, W]. Runs only
    /// as deep as the deepest requested stage. `.training` keeps what `inputGradient` needs; the
    /// weights stay frozen either way.
    public func features(_ images: Tensor, at names: [String], mode: Mode) throws -> [String: Tensor] {
        let wanted = Set(names)
        let deepest = try names.map(stageIndex).max() ?? -1
        var h = preprocessing.forward(images, mode: mode)
        var result: [String: Tensor] = [:]
        for index in 0...max(0, deepest) where deepest >= 0 {
            let stage = stages[index]
            h = stage.layer.forward(h, mode: mode)
            if wanted.contains(stage.name) { result[stage.name] = h }
        }
        if mode == .training { lastTrainingDepth = deepest }
        return result
    }

    private var lastTrainingDepth = -1

    /// dL/dimage for the last `.training` call of `features`, given dL/d(feature) for any of the
    /// stages it returned; the weights' gradient work is skipped (they are frozen).
    public func inputGradient(featureGradients: [String: Tensor]) throws -> Tensor {
        precondition(lastTrainingDepth >= 0, "\(name).inputGradient called without a training forward")
        for name in featureGradients.keys where try stageIndex(name) > lastTrainingDepth {
            preconditionFailure("\(self.name): gradient for \(name), deeper than the last forward")
        }
        var gradient: Tensor?
        for index in stride(from: lastTrainingDepth, through: 0, by: -1) {
            let stage = stages[index]
            if let dFeature = featureGradients[stage.name] {
                if gradient == nil {
                    gradient = dFeature
                } else {
                    precondition(gradient!.shape == dFeature.shape,
                                 "\(stage.name): gradient shape \(dFeature.shape) != \(gradient!.shape)")
                    gradient!.withUnsafeMutableBufferPointer { g in
                        dFeature.withUnsafeBufferPointer { d in for i in 0..<g.count { g[i] += d[i] } }
                    }
                }
            }
            if let g = gradient { gradient = stage.layer.backward(g, needsInputGradient: true) }
        }
        guard let g = gradient else { preconditionFailure("\(name).inputGradient: no feature gradients given") }
        lastTrainingDepth = -1
        return preprocessing.backward(g, needsInputGradient: true)!
    }
}
