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
    /// Linear → ReLU → Dropout per hidden size (empty for a linear head): what a transfer keeps.
    public let hidden: Sequential
    /// The last hidden layer's activations (or the features) to the class logits.
    public let output: Linear

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
        hidden = Sequential(layers)
        output = Linear(inputFeatures: width, outputFeatures: classCount, name: "output", generator: &generator)
    }

    /// The hidden layers' parameters, then the output layer's.
    public var parameters: [Parameter] { hidden.parameters + output.parameters }

    /// The width of what `output` reads: the last hidden size, or the features'.
    public var representationWidth: Int { hiddenSizes.last ?? inputFeatures }

    /// The last hidden layer's activations `[N, representationWidth]` (the features themselves for a linear head).
    public func representation(_ features: Tensor, mode: Mode) -> Tensor {
        hiddenSizes.isEmpty ? features : hidden.forward(features, mode: mode)
    }

    /// dL/d(features) (nil unless `needsInputGradient`) given dL/d(representation), adding the hidden
    /// layers' gradients.
    public func representationBackward(_ gradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        hiddenSizes.isEmpty ? (needsInputGradient ? gradient : nil)
            : hidden.backward(gradient, needsInputGradient: needsInputGradient)
    }

    /// Class logits `[N, classes]` for standardised features `[N, inputFeatures]`.
    public func logits(_ features: Tensor) -> Tensor {
        output.forward(representation(features, mode: .inference), mode: .inference)
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
        return ClassifierTrainer(head: self).train(inputs: features, labels: labels, validation: validation,
                                                   configuration: configuration)
    }
}
