import Datasets
import Foundation
import NN

/// A small multi-layer perceptron on frozen features: Linear → ReLU → Dropout for each hidden
/// size, then a Linear to the class logits. Seeded, so a seed fixes initialisation, dropout masks
/// and (with `HeadTraining.seed`) the whole training run.
public final class MLPHead {
    public let inputFeatures: Int
    public let hiddenSizes: [Int]
    public let classCount: Int
    public let dropout: Float
    public let network: Sequential

    public init(inputFeatures: Int, hiddenSizes: [Int], classCount: Int, dropout: Float = 0.5, seed: UInt64) {
        precondition(inputFeatures > 0 && classCount > 1 && hiddenSizes.allSatisfy { $0 > 0 },
                     "head \(inputFeatures) → \(hiddenSizes) → \(classCount): sizes must be positive, classes > 1")
        self.inputFeatures = inputFeatures
        self.hiddenSizes = hiddenSizes
        self.classCount = classCount
        self.dropout = dropout
        var generator = SeededGenerator(seed: seed)
        var layers: [Layer] = []
        var width = inputFeatures
        for (index, size) in hiddenSizes.enumerated() {
            layers.append(Linear(inputFeatures: width, outputFeatures: size, name: "hidden\(index + 1)", generator: &generator))
            layers.append(ReLU())
            layers.append(Dropout(probability: dropout, seed: generator.next()))
            width = size
        }
        layers.append(Linear(inputFeatures: width, outputFeatures: classCount, name: "output", generator: &generator))
        network = Sequential(layers)
    }

    public var parameters: [Parameter] { network.parameters }

    /// Class logits `[N, classes]` for standardised features `[N, inputFeatures]`.
    public func logits(_ features: Tensor) -> Tensor {
        network.forward(features, mode: .inference)
    }

    /// Softmax of the logits, row by row, computed in Double.
    public func probabilities(_ features: Tensor) -> Tensor {
        var p = logits(features)
        let classes = classCount
        p.withUnsafeMutableBufferPointer { values in
            for row in 0..<values.count / classes {
                let base = row * classes
                let largest = values[base..<base + classes].max()!
                var sum = 0.0
                for j in 0..<classes { sum += exp(Double(values[base + j] - largest)) }
                for j in 0..<classes { values[base + j] = Float(exp(Double(values[base + j] - largest)) / sum) }
            }
        }
        return p
    }

    /// The most likely class of each row (the first on ties).
    public func predictions(_ features: Tensor) -> [Int] {
        let scores = logits(features)
        return (0..<scores.shape[0]).map { row in
            var best = 0
            for j in 1..<classCount where scores[flat: row * classCount + j] > scores[flat: row * classCount + best] {
                best = j
            }
            return best
        }
    }

    /// Trains on `features`/`labels`, checking `validation` accuracy after every epoch, and leaves
    /// the head with the weights of its best validation epoch (the earliest on ties).
    @discardableResult
    public func train(features: Tensor, labels: [Int], validation: (features: Tensor, labels: [Int]),
                      configuration: HeadTraining) -> HeadTrainingResult {
        precondition(features.rank == 2 && features.shape == [labels.count, inputFeatures],
                     "training features \(features.shape) for \(labels.count) labels and \(inputFeatures) inputs")
        precondition(!labels.isEmpty && !validation.labels.isEmpty, "training and validation need examples")
        let optimizer = Adam(learningRate: configuration.learningRate, weightDecay: configuration.weightDecay)
        var generator = SeededGenerator(seed: configuration.seed)
        var order = Array(labels.indices)
        var result = HeadTrainingResult(trainingLoss: [], validationAccuracy: [], bestEpoch: 0)
        var best: [Tensor] = parameters.map(\.value)
        var bestAccuracy = -1.0
        for epoch in 1...configuration.epochs {
            SeedStreams.shuffle(&order, using: &generator)
            var lossSum = 0.0
            for start in stride(from: 0, to: order.count, by: configuration.batchSize) {
                let members = Array(order[start..<min(start + configuration.batchSize, order.count)])
                let batch = features.gatheringRows(members)
                let loss = SoftmaxCrossEntropy(logits: network.forward(batch, mode: .training),
                                               labels: members.map { labels[$0] })
                for p in parameters { p.zeroGradient() }
                _ = network.backward(loss.gradient, needsInputGradient: false)
                optimizer.step(parameters)
                lossSum += Double(loss.value) * Double(members.count)
            }
            let predicted = predictions(validation.features)
            let accuracy = Double(zip(predicted, validation.labels).filter { $0 == $1 }.count) / Double(validation.labels.count)
            result.trainingLoss.append(lossSum / Double(order.count))
            result.validationAccuracy.append(accuracy)
            if accuracy > bestAccuracy {
                (bestAccuracy, result.bestEpoch) = (accuracy, epoch)
                best = parameters.map(\.value)
            } else if epoch - result.bestEpoch >= configuration.patience {
                break
            }
        }
        for (p, value) in zip(parameters, best) { p.value = value }
        return result
    }

}
