import Datasets
import NN

/// One training run of a head, with the optional parts the transfer experiments add: fine-tuned
/// network layers ahead of the head (`FineTunedBackbone`) and a binary auxiliary head beside its
/// output (`BinaryAuxiliaryHead`).
///
/// Adam on shuffled mini-batches, each parameter group at its own learning rate; after every
/// epoch the validation accuracy, and the weights of every trained part kept from the best epoch
/// (the earliest on ties); stopped after `patience` epochs without a better one.
public final class ClassifierTrainer {
    public struct Group {
        public let parameters: [Parameter]
        public let learningRate: Double

        public init(parameters: [Parameter], learningRate: Double) {
            self.parameters = parameters
            self.learningRate = learningRate
        }
    }

    public let head: MLPHead
    public let backbone: FineTunedBackbone?
    public let auxiliary: BinaryAuxiliaryHead?

    public init(head: MLPHead, backbone: FineTunedBackbone? = nil, auxiliary: BinaryAuxiliaryHead? = nil) {
        precondition(backbone.map { $0.outputWidth == head.inputFeatures } ?? true,
                     "backbone of width \(backbone?.outputWidth ?? 0) before a head of \(head.inputFeatures) inputs")
        precondition(auxiliary.map { $0.targets.count == head.classCount && $0.linear.inputFeatures == head.representationWidth } ?? true,
                     "auxiliary head does not fit the head")
        self.head = head
        self.backbone = backbone
        self.auxiliary = auxiliary
    }

    /// Everything trained: the backbone's layers, the head, the auxiliary head.
    public var parameters: [Parameter] {
        (backbone?.parameters ?? []) + head.parameters + (auxiliary?.parameters ?? [])
    }

    /// Class logits for inputs: standardised features, or with a backbone the rows of its input maps.
    public func logits(_ inputs: Tensor, batchSize: Int = 64) -> Tensor {
        guard let backbone else { return head.logits(inputs) }
        let parts = stride(from: 0, to: inputs.shape[0], by: batchSize).map { start in
            let rows = inputs.gatheringRows(Array(start..<min(start + batchSize, inputs.shape[0])))
            return head.logits(backbone.features(rows, mode: .inference))
        }
        return Tensor(concatenating: parts)
    }

    /// The most likely class of each row (the first on ties).
    public func predictions(_ inputs: Tensor) -> [Int] {
        let scores = logits(inputs), classes = head.classCount
        return (0..<scores.shape[0]).map { row in
            var best = 0
            for j in 1..<classes where scores[flat: row * classes + j] > scores[flat: row * classes + best] { best = j }
            return best
        }
    }

    /// `groups` nil trains every parameter at the configuration's learning rate. `progress(done,
    /// total)` hears after each batch the examples trained on so far, of at most `total` (every
    /// epoch run; early stopping may end sooner).
    @discardableResult
    public func train(inputs: Tensor, labels: [Int], validation: (features: Tensor, labels: [Int]),
                      configuration: HeadTraining, groups: [Group]? = nil,
                      progress: (Int, Int) -> Void = { _, _ in }) -> HeadTrainingResult {
        precondition(inputs.rank == 2 && inputs.shape[0] == labels.count, "inputs \(inputs.shape) for \(labels.count) labels")
        precondition(!labels.isEmpty && !validation.labels.isEmpty, "training and validation need examples")
        let groups = groups ?? [Group(parameters: parameters, learningRate: configuration.learningRate)]
        let optimizers = groups.map { Adam(learningRate: $0.learningRate, weightDecay: configuration.weightDecay) }
        var generator = SeededGenerator(seed: configuration.seed)
        // A generator of its own (SplitMix64 seeds far apart give unrelated streams), so augmentation
        // leaves the batch order as it is without a backbone.
        var augmentation = SeededGenerator(seed: configuration.seed ^ 0x5DEE_CE66_D1CE_4E5B)
        var order = Array(labels.indices)
        var result = HeadTrainingResult(trainingLoss: [], validationAccuracy: [], bestEpoch: 0)
        let trained = parameters
        var best = trained.map(\.value)
        var bestAccuracy = -1.0
        for epoch in 1...configuration.epochs {
            SeedStreams.shuffle(&order, using: &generator)
            var lossSum = 0.0
            for start in stride(from: 0, to: order.count, by: configuration.batchSize) {
                let members = Array(order[start..<min(start + configuration.batchSize, order.count)])
                var batch = inputs.gatheringRows(members)
                if let backbone { batch = backbone.augmented(batch, using: &augmentation) }
                let loss = accumulateGradients(batch, labels: members.map { labels[$0] })
                for (optimizer, group) in zip(optimizers, groups) { optimizer.step(group.parameters) }
                lossSum += loss * Double(members.count)
                progress((epoch - 1) * order.count + start + members.count, configuration.epochs * order.count)
            }
            let predicted = predictions(validation.features)
            let accuracy = Double(zip(predicted, validation.labels).filter { $0 == $1 }.count) / Double(validation.labels.count)
            result.trainingLoss.append(lossSum / Double(order.count))
            result.validationAccuracy.append(accuracy)
            if accuracy > bestAccuracy {
                (bestAccuracy, result.bestEpoch) = (accuracy, epoch)
                best = trained.map(\.value)
            } else if epoch - result.bestEpoch >= configuration.patience {
                break
            }
        }
        for (p, value) in zip(trained, best) { p.value = value }
        return result
    }

    /// The training forward and backward of one batch: every trained parameter's gradient set to
    /// dL/dθ of this batch; returns the loss, (1 − β)·CE + β·BCE with an auxiliary head, else CE.
    public func accumulateGradients(_ batch: Tensor, labels: [Int]) -> Double {
        let features = backbone.map { $0.features(batch, mode: .training) } ?? batch
        let representation = head.representation(features, mode: .training)
        let crossEntropy = SoftmaxCrossEntropy(logits: head.output.forward(representation, mode: .training), labels: labels)
        for p in parameters { p.zeroGradient() }
        let needsFeatureGradient = backbone != nil
        guard let auxiliary else {
            let dRepresentation = head.output.backward(crossEntropy.gradient,
                                                       needsInputGradient: !head.hiddenSizes.isEmpty || needsFeatureGradient)
            backward(dRepresentation, needsFeatureGradient: needsFeatureGradient)
            return Double(crossEntropy.value)
        }
        let beta = auxiliary.weight
        let binary = SigmoidBinaryCrossEntropy(logits: auxiliary.linear.forward(representation, mode: .training),
                                               targets: labels.map { auxiliary.targets[$0] })
        var dRepresentation = head.output.backward(Self.scaled(crossEntropy.gradient, by: 1 - beta), needsInputGradient: true)!
        let dAuxiliary = auxiliary.linear.backward(Self.scaled(binary.gradient, by: beta), needsInputGradient: true)!
        dRepresentation.withUnsafeMutableBufferPointer { d in
            dAuxiliary.withUnsafeBufferPointer { a in for i in 0..<d.count { d[i] += a[i] } }
        }
        backward(dRepresentation, needsFeatureGradient: needsFeatureGradient)
        return (1 - Double(beta)) * Double(crossEntropy.value) + Double(beta) * Double(binary.value)
    }

    private static func scaled(_ x: Tensor, by factor: Float) -> Tensor {
        Tensor(shape: x.shape, scalars: x.scalars.map { $0 * factor })
    }

    private func backward(_ dRepresentation: Tensor?, needsFeatureGradient: Bool) {
        guard let dRepresentation else { return }
        let dFeatures = head.representationBackward(dRepresentation, needsInputGradient: needsFeatureGradient)
        if let backbone, let dFeatures { backbone.backward(dFeatures) }
    }
}
