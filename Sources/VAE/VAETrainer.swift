import FeatureNetworks
import Foundation
import NN
import PerceptualLoss

/// One VAE, its Adam optimizer and its perceptual loss: training steps and evaluation.
public final class VAETrainer {
    public let configuration: TrainingConfiguration
    public let model: ConvVAE
    public let optimizer: Adam
    public let loss: PerceptualLoss
    /// Optimizer steps taken.
    public internal(set) var step = 0
    /// Draws the reparameterisation noise; saved in checkpoints.
    public internal(set) var generator: SeededGenerator
    /// The run's length in steps, which the learning-rate schedule spans.
    public let totalSteps: Int

    public init(configuration: TrainingConfiguration, lossNetwork: FeatureNetwork, totalSteps: Int) throws {
        self.configuration = configuration
        self.totalSteps = totalSteps
        var initialisation = SeededGenerator(seed: configuration.seed)
        model = ConvVAE(configuration.architecture, generator: &initialisation)
        optimizer = Adam(learningRate: configuration.learningRate)
        loss = try PerceptualLoss(network: lossNetwork, configuration: configuration.loss)
        generator = SeededGenerator(seed: configuration.seed &+ 0x5EED)
    }

    /// Continues from a checkpoint: weights, buffers, optimizer state, noise generator and step.
    public func restore(_ checkpoint: Checkpoint, file: String) throws {
        try checkpoint.restore(into: model, file: file)
        try optimizer.loadState(checkpoint.optimizerState, for: model.parameters)
        generator = checkpoint.generator
        step = checkpoint.step
    }

    /// One optimizer step on a batch [N, 3, S, S] in [0, 1]. A non-finite loss or gradient throws
    /// before the weights or the optimizer change, so the model stays as it was after the last
    /// good step. `phaseTimes`, when given, hears how long each phase took (for benchmarks).
    public func trainStep(_ images: Tensor, epoch: Int, batch: Int,
                          phaseTimes: ((TrainingStepPhase, Double) -> Void)? = nil) throws -> LossTerms {
        let out = TrainingStepPhase.vaeForward.timed(phaseTimes) {
            model.forward(images, mode: .training, generator: &generator)
        }
        let perceptual = try TrainingStepPhase.perceptualLoss.timed(phaseTimes) {
            try loss.evaluate(reconstruction: out.reconstruction, target: images)
        }
        let klWeight = configuration.klWeight(atStep: step)
        let (kl, klValue) = TrainingStepPhase.klTerm.timed(phaseTimes) {
            (GaussianKL(mean: out.mean, logVariance: out.logVariance, weight: klWeight),   // for the gradients
             Double(GaussianKL(mean: out.mean, logVariance: out.logVariance).value))       // reported unweighted
        }
        let terms = LossTerms(perceptual: perceptual, kl: klValue, klWeight: klWeight)
        guard terms.total.isFinite, perceptual.gradient!.scalars.allSatisfy({ $0.isFinite }) else {
            throw TrainingError.nonFiniteLoss(step: step, epoch: epoch, batch: batch, terms: Self.describe(terms))
        }
        for p in model.parameters { p.zeroGradient() }
        TrainingStepPhase.vaeBackward.timed(phaseTimes) {
            model.backward(reconstructionGradient: perceptual.gradient!, meanGradient: kl.meanGradient,
                           logVarianceGradient: kl.logVarianceGradient)
        }
        // A finite loss can still overflow on the way back (the KL gradient of a huge
        // log-variance); Adam would turn that into NaN weights.
        let overflowed = model.parameters.first { p in p.gradient.withUnsafeBufferPointer { !$0.allSatisfy(\.isFinite) } }
        if let overflowed {
            throw TrainingError.nonFiniteGradient(step: step, epoch: epoch, batch: batch, parameter: overflowed.name)
        }
        TrainingStepPhase.adam.timed(phaseTimes) { takeOptimizerStep() }
        return terms
    }

    /// Adam's step at the schedule's learning rate for this step, which it then counts.
    func takeOptimizerStep() {
        optimizer.learningRate = configuration.learningRate(atStep: step, totalSteps: totalSteps)
        optimizer.step(model.parameters)
        step += 1
    }

    /// The same loss terms without training: z is the posterior mean (no sampling), so validation
    /// figures do not depend on noise. Also returns the reconstructions.
    public func evaluate(_ images: Tensor) throws -> (terms: LossTerms, reconstruction: Tensor) {
        var unused = SeededGenerator(seed: 0)
        let out = model.forward(images, mode: .inference, sampling: false, generator: &unused)
        let perceptual = try loss.evaluate(reconstruction: out.reconstruction, target: images, needsGradient: false)
        let klWeight = configuration.klWeight(atStep: max(0, step - 1))
        let kl = Double(GaussianKL(mean: out.mean, logVariance: out.logVariance).value)
        let terms = LossTerms(perceptual: perceptual, kl: kl, klWeight: klWeight)
        return (terms, out.reconstruction)
    }

    public static func describe(_ t: LossTerms) -> String {
        var parts = [String(format: "loss %.4g", t.total)]
        parts += t.layerTerms.map { String(format: "%@ %.4g", $0.layer, $0.value) }
        if t.pixel != 0 { parts.append(String(format: "pixel %.4g", t.pixel)) }
        parts.append(String(format: "kl %.4g (x%.3g)", t.kl, t.klWeight))
        return parts.joined(separator: " ")
    }
}
