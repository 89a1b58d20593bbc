import FeatureNetworks
import NN

/// A whole network's forward, timed as a whole and stage by stage within whole passes, so each
/// stage meets its input as it would in use (just written by the stage before).
///
/// An LRN or max-pooling stage is also reported against the convolution before it as the median
/// over passes of their ratio within one pass: on a shared machine, two timings a few
/// milliseconds apart see the same speed, two medians taken a second apart may not.
enum NetworkBenchmark {
    struct StageTime {
        let name: String
        let kind: String
        let seconds: Double
        /// For LRN and max-pooling: median over passes of (this stage / the convolution before).
        let ofConvolutionBefore: Double?
    }

    struct Result {
        let totalSeconds: Double
        let stages: [StageTime]
    }

    /// Forward of `network` (preprocessing included) on `input`, `.inference`: medians over
    /// `repetitions` passes after a warm-up pass.
    static func forward(_ network: FeatureNetwork, input: Tensor, repetitions: Int) -> Result {
        var totals: [Double] = []
        var times = [[Double]](repeating: [], count: network.stages.count)
        for pass in 0...repetitions {
            var stageTimes: [Double] = []
            let total = Stopwatch.seconds {
                var h = network.preprocessing.forward(input, mode: .inference)
                for stage in network.stages {
                    stageTimes.append(Stopwatch.seconds { h = stage.layer.forward(h, mode: .inference) })
                }
            }
            guard pass > 0 else { continue }   // the warm-up
            totals.append(total)
            for (i, t) in stageTimes.enumerated() { times[i].append(t) }
        }
        return Result(totalSeconds: Stopwatch.median(totals), stages: summarise(network, times))
    }

    /// Each stage's training forward plus its backward (input gradient only: the weights are
    /// frozen, as in a perceptual loss), within whole forward-backward passes.
    static func forwardAndBackward(_ network: FeatureNetwork, input: Tensor, repetitions: Int) -> [StageTime] {
        var generator = SeededGenerator(seed: 13)
        let x = network.preprocessing.forward(input, mode: .inference)
        let outputShape = network.stages.reduce(x) { h, stage in stage.layer.forward(h, mode: .inference) }.shape
        let gradient = Tensor.uniform(shape: outputShape, low: -1, high: 1, using: &generator)
        var times = [[Double]](repeating: [], count: network.stages.count)
        for pass in 0...repetitions {
            var stageTimes = [Double](repeating: 0, count: network.stages.count)
            var h = x
            for (i, stage) in network.stages.enumerated() {
                stageTimes[i] = Stopwatch.seconds { h = stage.layer.forward(h, mode: .training) }
            }
            var dy = gradient
            for (i, stage) in network.stages.enumerated().reversed() {
                stageTimes[i] += Stopwatch.seconds { dy = stage.layer.backward(dy, needsInputGradient: true)! }
            }
            guard pass > 0 else { continue }   // the warm-up
            for (i, t) in stageTimes.enumerated() { times[i].append(t) }
        }
        return summarise(network, times)
    }

    /// Per stage, the median time over passes; for LRN and max-pooling, also the median ratio to
    /// the convolution before.
    private static func summarise(_ network: FeatureNetwork, _ times: [[Double]]) -> [StageTime] {
        var lastConvolution: Int?
        return network.stages.indices.map { i in
            let layer = network.stages[i].layer
            var ratio: Double?
            if layer is Conv2D {
                lastConvolution = i
            } else if let conv = lastConvolution, layer is LocalResponseNorm || layer is MaxPool2D {
                ratio = Stopwatch.median(zip(times[i], times[conv]).map { $0 / $1 })
            }
            return StageTime(name: network.stages[i].name, kind: String(describing: type(of: layer)),
                             seconds: Stopwatch.median(times[i]), ofConvolutionBefore: ratio)
        }
    }
}
