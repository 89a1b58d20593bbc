import FeatureNetworks
import Foundation
import NN
import Testing
import VAE

@Suite struct LearningRateScheduleTests {
    @Test func constantKeepsTheRate() {
        for step in [0, 5, 99, 100] {
            #expect(LearningRateSchedule.constant.rate(base: 5e-4, step: step, totalSteps: 100) == 5e-4)
        }
    }

    /// Half a cosine: the full rate at the first step, half at the middle, zero at the end, and
    /// never rising in between.
    @Test func cosineFallsFromTheRateToZero() {
        let cosine = LearningRateSchedule.cosine
        #expect(cosine.rate(base: 1e-3, step: 0, totalSteps: 100) == 1e-3)
        #expect(abs(cosine.rate(base: 1e-3, step: 50, totalSteps: 100) - 5e-4) < 1e-15)
        #expect(abs(cosine.rate(base: 1e-3, step: 25, totalSteps: 100) - 1e-3 * (2 + 2.0.squareRoot()) / 4) < 1e-15)
        #expect(cosine.rate(base: 1e-3, step: 100, totalSteps: 100) == 0)
        let rates = (0..<100).map { cosine.rate(base: 1e-3, step: $0, totalSteps: 100) }
        #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 > $1 })
        #expect(rates.last! > 0, "the last step still moves the weights")
    }

    /// The trainer hands Adam the schedule's rate for each step it takes.
    @Test func theTrainerFollowsTheSchedule() throws {
        var configuration = TrainingConfiguration(
            data: "", architecture: VAEArchitecture(imageSize: 32, latentDimension: 4, baseChannels: 4),
            loss: .init(layers: ["relu1"]), batchSize: 2, learningRate: 1e-3, learningRateSchedule: .cosine)
        configuration.epochs = 1
        let trainer = try VAETrainer(configuration: configuration, lossNetwork: EmbeddedWeights.imagenetNetwork(),
                                     totalSteps: 4)
        var generator = SeededGenerator(seed: 3)
        let images = Tensor.uniform(shape: [2, 3, 32, 32], using: &generator)
        for step in 0..<4 {
            _ = try trainer.trainStep(images, epoch: 0, batch: step)
            #expect(trainer.optimizer.learningRate == LearningRateSchedule.cosine.rate(base: 1e-3, step: step, totalSteps: 4))
        }
    }

    /// A constant rate is left out of configuration.json, so files of runs without a schedule are
    /// what they were before the option existed; a cosine schedule is written and read back.
    @Test func configurationFilesNameOnlyASchedule() throws {
        let constant = TrainingConfiguration(learningRateSchedule: .constant)
        #expect(constant == TrainingConfiguration.defaults)
        #expect(!String(decoding: try JSONEncoder().encode(constant), as: UTF8.self).contains("learningRateSchedule"))
        let cosine = TrainingConfiguration(learningRateSchedule: .cosine)
        let decoded = try JSONDecoder().decode(TrainingConfiguration.self, from: JSONEncoder().encode(cosine))
        #expect(decoded.learningRateSchedule == .cosine && decoded == cosine)
    }
}
