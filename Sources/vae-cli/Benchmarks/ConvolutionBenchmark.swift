import Foundation
@_spi(Benchmarks) import NN

/// Forward and backward (data and weight gradients) of one convolution layer, timed apart, each
/// repetition paired with a 2048³ sgemm right after it; and the forward's own GEMMs replayed
/// alone (`GEMMReplay`), the most that im2col + OpenBLAS allows the layer.
///
/// The host is shared and its speed drifts within seconds, so each repetition's rate is divided
/// by the ceiling measured next to it, and the median of those fractions is reported; the
/// forward's share of its GEMMs alone is likewise the median of per-repetition ratios.
enum ConvolutionBenchmark {
    struct Result {
        let forwardSeconds: Double, backwardSeconds: Double
        /// Median of the sgemm rates measured beside the repetitions.
        let ceilingGFLOPS: Double
        /// Median over repetitions of (layer rate / the sgemm rate beside it).
        let forwardOfCeiling: Double, backwardOfCeiling: Double
        /// The same for the forward's GEMMs alone: the layer's FLOP over their time.
        let forwardGEMMsOfCeiling: Double
        /// Median over repetitions of (GEMMs-alone time / forward time): the share of its own
        /// GEMMs' rate the forward reaches.
        let forwardOfGEMMsAlone: Double
    }

    /// OpenBLAS's pool threads spin for about 2^28 cycles (0.1 s here) after a multithreaded
    /// sgemm; the next layer timing waits for them to go to sleep.
    static let settle: TimeInterval = 0.15

    /// Back-to-back runs of the forward, and of its GEMMs alone, per repetition.
    static let burst = 4

    static func measure(_ shape: ConvolutionShape, repetitions: Int, ceiling: SGEMMCeiling) -> Result {
        var generator = SeededGenerator(seed: 5)
        let layer = shape.makeLayer(generator: &generator)
        let x = Tensor.uniform(shape: [shape.batch, shape.inputChannels, shape.size, shape.size],
                               low: -1, high: 1, using: &generator)
        var y = layer.forward(x, mode: .inference)
        let dy = Tensor.uniform(shape: y.shape, low: -1, high: 1, using: &generator)
        _ = layer.forward(x, mode: .training)        // warm-up of the backward
        _ = layer.backward(dy, needsInputGradient: true)
        let gemms = GEMMReplay(GEMMRecorder.record { y = layer.forward(x, mode: .inference) })
        gemms.run()
        Thread.sleep(forTimeInterval: settle)

        var forward: [Double] = [], backward: [Double] = [], sgemm: [Double] = []
        var forwardFractions: [Double] = [], backwardFractions: [Double] = [], gemmFractions: [Double] = []
        var forwardOfGEMMs: [Double] = []
        for _ in 0..<repetitions {
            // The forward and its replay take turns in a burst, and each keeps its fastest run:
            // both then find the workers awake and their operands cached, under the same spell
            // of the shared host, whose interruptions the fastest run escaped. Timed once right
            // after the sleep, the forward would pay a wake-up and a cold cache its replay does not.
            var f = Double.infinity, g = Double.infinity
            for _ in 0..<burst {
                f = min(f, Stopwatch.seconds { y = layer.forward(x, mode: .inference) })
                g = min(g, Stopwatch.seconds { gemms.run() })
            }
            _ = layer.forward(x, mode: .training)    // each backward needs its own training forward
            let b = Stopwatch.seconds { _ = layer.backward(dy, needsInputGradient: true) }
            let rate = ceiling.gflops(repetitions: 1, warmUp: 0)
            Thread.sleep(forTimeInterval: settle)
            forward.append(f)
            backward.append(b)
            sgemm.append(rate)
            forwardFractions.append(shape.forwardFLOP / f / 1e9 / rate)
            backwardFractions.append(2 * shape.forwardFLOP / b / 1e9 / rate)
            gemmFractions.append(shape.forwardFLOP / g / 1e9 / rate)
            forwardOfGEMMs.append(g / f)
        }
        return Result(forwardSeconds: Stopwatch.median(forward), backwardSeconds: Stopwatch.median(backward),
                      ceilingGFLOPS: Stopwatch.median(sgemm), forwardOfCeiling: Stopwatch.median(forwardFractions),
                      backwardOfCeiling: Stopwatch.median(backwardFractions),
                      forwardGEMMsOfCeiling: Stopwatch.median(gemmFractions),
                      forwardOfGEMMsAlone: Stopwatch.median(forwardOfGEMMs))
    }
}
