import FeatureNetworks
import Foundation
import NN
import PerceptualLoss
import VAE

/// W1 `dfc64`: the trainer's own training step (`VAETrainer.trainStep`, as `vae-cli train` runs
/// it) with the Caffe AlexNet perceptual loss (relu1-3, ceil pooling, random frozen weights),
/// B=64 at 64x64, latent 100, KL weight 1, Adam 5e-4; timed whole and phase by phase.
enum TrainingStepBenchmark {
    /// The step's phases as printed; what lies between them is reported as `other`.
    static let phases = TrainingStepPhase.allCases.map(\.rawValue) + [other]
    static let other = "other (zeroing, checks)"

    struct Result {
        let stepSeconds: Double
        let phaseSeconds: [String: Double]
    }

    /// W1's loss net: Caffe AlexNet through relu3 at 64x64, seeded random weights.
    static func lossNetwork() throws -> FeatureNetwork {
        let specs = ReferenceAlexNet.specs(order: .alexnet, throughFC7: false)
        let relu3 = specs.firstIndex { $0.name == "relu3" }!
        return try FeatureNetwork(name: "caffe-alexnet", specs: Array(specs[...relu3]),
                                  preprocessing: .caffe(meanBGR: ReferenceAlexNet.imagenetMeanBGR),
                                  nativeInputSize: 64, seed: 12) { _ in nil }
    }

    /// W1's configuration; the trainer reads no data, the batch is made here.
    /// `decoder` and `lossInputScale` time the issue-14 variants beside W1 itself.
    /// `lossLayers` are AlexNet's unless another loss network is timed (`VGGLossBenchmark`).
    static func configuration(batch: Int, decoder: DecoderKind = .transposed, lossInputScale: Int = 1,
                              lossLayers: [String] = ["relu1", "relu2", "relu3"]) -> TrainingConfiguration {
        TrainingConfiguration(data: "", architecture: VAEArchitecture(imageSize: 64, latentDimension: 100, decoder: decoder),
                              loss: PerceptualLossConfiguration(layers: lossLayers, inputScale: lossInputScale),
                              klWeight: 1, batchSize: batch, learningRate: 5e-4, seed: 11)
    }

    static func run(lossNet: FeatureNetwork, repetitions: Int, batch: Int = 64, decoder: DecoderKind = .transposed,
                    lossInputScale: Int = 1, lossLayers: [String] = ["relu1", "relu2", "relu3"]) throws -> Result {
        let trainer = try VAETrainer(configuration: configuration(batch: batch, decoder: decoder, lossInputScale: lossInputScale,
                                                                  lossLayers: lossLayers),
                                     lossNetwork: lossNet, totalSteps: repetitions)
        var generator = SeededGenerator(seed: 11)
        let x = Tensor.uniform(shape: [batch, 3, 64, 64], using: &generator)
        var phaseTimes = Dictionary(uniqueKeysWithValues: phases.map { ($0, [Double]()) })
        var stepTimes: [Double] = []

        for rep in 0...repetitions {   // the first is a warm-up
            var times: [String: Double] = [:]
            let seconds = try Stopwatch.seconds {
                _ = try trainer.trainStep(x, epoch: 0, batch: rep) { phase, t in times[phase.rawValue] = t }
            }
            guard rep > 0 else { continue }
            times[other] = max(0, seconds - times.values.reduce(0, +))
            for (phase, t) in times { phaseTimes[phase]!.append(t) }
            stepTimes.append(seconds)
        }
        return Result(stepSeconds: Stopwatch.median(stepTimes), phaseSeconds: phaseTimes.mapValues(Stopwatch.median))
    }
}
