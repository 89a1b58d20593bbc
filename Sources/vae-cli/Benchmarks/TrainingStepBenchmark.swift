import FeatureNetworks
import Foundation
import NN
import PerceptualLoss
import VAE

/// W1 `dfc64`: one VAE training step with the Caffe AlexNet perceptual loss (relu1-3, ceil
/// pooling, random frozen weights), B=64 at 64x64, KL weight 1, Adam 5e-4; timed phase by phase
/// through the pieces `ConvVAE.forward` and `ConvVAE.backward` are made of.
enum TrainingStepBenchmark {
    static let phases = ["encoder forward", "decoder forward", "loss net forward (x)", "loss net forward (x̂)",
                         "loss terms", "loss net backward", "decoder backward", "encoder backward", "Adam"]

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

    static func run(lossNet: FeatureNetwork, repetitions: Int, batch: Int = 64) throws -> Result {
        var generator = SeededGenerator(seed: 11)
        let vae = ConvVAE(VAEArchitecture(imageSize: 64, latentDimension: 100), generator: &generator)
        let layers = ["relu1", "relu2", "relu3"]
        let adam = Adam(learningRate: 5e-4)
        let x = Tensor.uniform(shape: [batch, 3, 64, 64], using: &generator)
        var phaseTimes = Dictionary(uniqueKeysWithValues: phases.map { ($0, [Double]()) })
        var stepTimes: [Double] = []

        for rep in 0...repetitions {   // the first is a warm-up
            var times: [String: Double] = [:]
            func timed<T>(_ phase: String, _ body: () throws -> T) rethrows -> T {
                let start = DispatchTime.now().uptimeNanoseconds
                defer { times[phase] = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
                return try body()
            }
            for p in vae.parameters { p.zeroGradient() }
            let (mean, logVariance) = timed("encoder forward") { vae.encode(x, mode: .training) }
            let z = vae.latentCode(mean: mean, logVariance: logVariance, mode: .training, sampling: true,
                                   generator: &generator)
            let xHat = timed("decoder forward") { vae.decode(z, mode: .training) }
            let target = try timed("loss net forward (x)") { try lossNet.features(x, at: layers, mode: .inference) }
            let features = try timed("loss net forward (x̂)") { try lossNet.features(xHat, at: layers, mode: .training) }
            let (gradients, kl) = timed("loss terms") { () -> ([String: Tensor], GaussianKL) in
                var g: [String: Tensor] = [:]
                for layer in layers { g[layer] = FeatureDistance.meanSquared(features[layer]!, target[layer]!).gradient }
                return (g, GaussianKL(mean: mean, logVariance: logVariance))
            }
            let dxHat = try timed("loss net backward") { try lossNet.inputGradient(featureGradients: gradients) }
            let dz = timed("decoder backward") { vae.decoderBackward(dxHat) }
            timed("encoder backward") {
                vae.encoderBackward(latentGradient: dz, meanGradient: kl.meanGradient,
                                    logVarianceGradient: kl.logVarianceGradient)
            }
            timed("Adam") { adam.step(vae.parameters) }
            guard rep > 0 else { continue }
            for (phase, t) in times { phaseTimes[phase]!.append(t) }
            stepTimes.append(times.values.reduce(0, +))
        }
        return Result(stepSeconds: Stopwatch.median(stepTimes), phaseSeconds: phaseTimes.mapValues(Stopwatch.median))
    }
}
