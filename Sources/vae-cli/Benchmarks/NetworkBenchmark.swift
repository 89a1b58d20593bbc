import NN
import PerceptualLoss

/// Reference figures measured with PyTorch 2.15 (MKL + oneDNN, 2 threads) on this kind of machine:
/// shared/bench/BASELINE.md. Quoted for comparison, never as our own results.
enum PyTorchReference {
    static let w1ImagesPerSecond = 159.8
    static let w2ImagesPerSecond = 43.9
    /// W1 if only its GEMMs cost time, each at its measured OpenBLAS rate.
    static let w1GEMMBoundImagesPerSecond = 301.0
}

/// A whole network's forward, timed as a whole and stage by stage.
enum NetworkBenchmark {
    struct StageTime {
        let name: String
        let kind: String
        let forwardSeconds: Double
    }

    struct Result {
        let totalSeconds: Double
        let stages: [StageTime]
    }

    /// Forward of `network` (preprocessing included) on `input`, `.inference`, medians of
    /// `repetitions` runs for the whole pass and for each stage alone.
    static func forward(_ network: FeatureNetwork, input: Tensor, repetitions: Int) -> Result {
        let last = network.stageNames.last!
        let total = Stopwatch.median(repetitions: repetitions) {
            _ = try! network.features(input, at: [last], mode: .inference)
        }
        var stages: [StageTime] = []
        var h = network.preprocessing.forward(input, mode: .inference)
        for stage in network.stages {
            let x = h
            let t = Stopwatch.median(repetitions: repetitions) { h = stage.layer.forward(x, mode: .inference) }
            stages.append(StageTime(name: stage.name, kind: String(describing: type(of: stage.layer)), forwardSeconds: t))
        }
        return Result(totalSeconds: total, stages: stages)
    }

    /// Each stage's training forward plus its backward (input gradient only: the weights are
    /// frozen, as in a perceptual loss), medians of `repetitions` runs.
    static func forwardAndBackward(_ network: FeatureNetwork, input: Tensor, repetitions: Int) -> [StageTime] {
        var generator = SeededGenerator(seed: 13)
        var h = network.preprocessing.forward(input, mode: .inference)
        return network.stages.map { stage in
            let x = h
            h = stage.layer.forward(x, mode: .training)
            let dy = Tensor.uniform(shape: h.shape, low: -1, high: 1, using: &generator)
            let t = Stopwatch.median(repetitions: repetitions) {
                _ = stage.layer.forward(x, mode: .training)
                _ = stage.layer.backward(dy, needsInputGradient: true)
            }
            return StageTime(name: stage.name, kind: String(describing: type(of: stage.layer)), forwardSeconds: t)
        }
    }
}
