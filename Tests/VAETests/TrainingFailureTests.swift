import Foundation
import NN
import Testing
import VAE

/// Runs that must stop: non-finite values, and data that cannot make a single step.
@Suite struct TrainingFailureTests {
    let folders = TemporaryFolders()

    /// A training run on the shapes folder whose `shouldStop` hook runs `tamper` after the given
    /// step (after that step's checkpoint, if any), and the error the run throws.
    private func failingRun(_ configuration: (URL) -> TrainingConfiguration, tamperAfter step: Int = 0,
                                   _ tamper: @escaping (ConvVAE) -> Void = { _ in })
        throws -> (run: TrainingRun, error: Error?) {
        let data = try folders.make(), out = try folders.make()
        try TrainingFixtures.imageFolder(in: data)
        let run = try TrainingFixtures.run(configuration(data), folder: out)
        do {
            _ = try run.run(observer: TrainingRun.Observer(), shouldStop: {
                if run.trainer.step == step { tamper(run.trainer.model) }
                return false
            })
            return (run, nil)
        } catch {
            return (run, error)
        }
    }

    /// Every tensor of every checkpoint in the run folder is finite.
    private static func checkpointsAreFinite(_ folder: RunFolder) throws -> Bool {
        try folder.checkpoints().allSatisfy { file in
            let checkpoint = try Checkpoint(contentsOf: file)
            return [checkpoint.parameters, checkpoint.buffers, checkpoint.optimizerState].allSatisfy { tensors in
                tensors.values.allSatisfy { $0.scalars.allSatisfy(\.isFinite) }
            }
        }
    }

    /// A NaN put into a decoder weight right after the checkpoint of step 2: step 3 throws
    /// before updating anything, and no checkpoint follows the good one.
    @Test func nanLossStopsTheRunWithoutANewCheckpoint() throws {
        let (run, error) = try failingRun({ TrainingFixtures.configuration(data: $0, checkpointEvery: 2) },
                                               tamperAfter: 2) { model in
            model.decoder.parameters[0].value[flat: 0] = .nan
        }
        guard case .nonFiniteLoss(let step, let epoch, let batch, _)? = error as? TrainingError else {
            Issue.record("expected a non-finite loss, got \(String(describing: error))"); return
        }
        #expect((step, epoch, batch) == (2, 0, 2))
        // Counted from 1 as metrics-steps.csv counts: the third step failed.
        #expect("\(error!)".hasPrefix("the loss is not finite at step 3 (epoch 1, batch 3): loss "), "\(error!)")
        #expect("\(error!)".contains("nan"))
        let good = run.folder.checkpointsFolder.appendingPathComponent(Checkpoint.fileName(step: 2))
        #expect(run.folder.checkpoints() == [good])
        #expect(run.latestCheckpoint == good)
        #expect(try Self.checkpointsAreFinite(run.folder))
        #expect(try TrainingFixtures.rows(of: run.folder.stepMetricsFile).count == 1 + 2)
        // The model is as the last good step left it, apart from the poisoned weight.
        #expect(run.trainer.step == 2)
    }

    /// Learning rate 1e30: the weights blow up after one step and the next loss is not finite;
    /// every checkpoint written (one per step) holds finite values only.
    @Test func hugeLearningRateStopsTheRun() throws {
        let (run, error) = try failingRun({
            TrainingFixtures.configuration(data: $0, learningRate: 1e30, checkpointEvery: 1)
        })
        guard case .nonFiniteLoss? = error as? TrainingError else {
            Issue.record("expected a non-finite loss, got \(String(describing: error))"); return
        }
        #expect(run.trainer.step >= 1 && run.folder.checkpoints().count == min(3, run.trainer.step))
        #expect(try Self.checkpointsAreFinite(run.folder))
        #expect("\(error!)".hasSuffix("try a lower --lr or a KL warm-up"))
    }

    /// A finite loss whose gradient overflows: with the encoder silenced (h = 0) the posterior's
    /// log-variance is its bias, 84, so the KL is ~1e37 (finite) but its gradient through a
    /// log-variance head of weight 1e7 is ~1e40, infinite in Float, and turns the encoder's
    /// gradients into NaN. Step 4 must stop before Adam writes them into the weights, and before
    /// step 4's checkpoint could save them.
    @Test func overflowingGradientStopsTheRunBeforeTheUpdate() throws {
        let (run, error) = try failingRun({ TrainingFixtures.configuration(data: $0, checkpointEvery: 2) },
                                               tamperAfter: 3) { model in
            for p in model.encoder.parameters { p.value = Tensor(zeros: p.value.shape) }
            model.logVarianceHead.weight.value = Tensor(repeating: 1e7, shape: model.logVarianceHead.weight.value.shape)
            model.logVarianceHead.bias!.value = Tensor(repeating: 84, shape: model.logVarianceHead.bias!.value.shape)
        }
        guard case .nonFiniteGradient(let step, _, _, let parameter)? = error as? TrainingError else {
            Issue.record("expected a non-finite gradient, got \(String(describing: error))"); return
        }
        #expect(step == 3 && parameter.hasPrefix("encoder."), "\(parameter)")
        #expect("\(error!)" == "the gradient of \(parameter) is not finite at step 4 (epoch 1, batch 4) although the loss is; "
                + "try a lower --lr or a KL warm-up")
        #expect(run.folder.checkpoints().map(\.lastPathComponent) == [Checkpoint.fileName(step: 2)])
        #expect(try Self.checkpointsAreFinite(run.folder))
        #expect(run.trainer.model.parameters.allSatisfy { $0.value.scalars.allSatisfy(\.isFinite) })
    }

    /// Learning rate 1e30 with one step an epoch: the step's loss is finite, the weights it leaves
    /// (~1e30) are too, but they reconstruct the validation images as NaN. The run stops with an
    /// error rather than crashing on the NaN pixels of the reconstruction grid.
    @Test func nonFiniteValidationLossStopsTheRun() throws {
        let (run, error) = try failingRun({
            var configuration = TrainingFixtures.configuration(data: $0, learningRate: 1e30, checkpointEvery: 1)
            configuration.batchSize = 32
            return configuration
        })
        guard case .nonFiniteValidationLoss(let epoch, _)? = error as? TrainingError else {
            Issue.record("expected a non-finite validation loss, got \(String(describing: error))"); return
        }
        #expect(epoch == 0 && run.trainer.step == 1)
        #expect("\(error!)".hasPrefix("the validation loss is not finite after epoch 1: loss "), "\(error!)")
        #expect(try TrainingFixtures.rows(of: run.folder.epochMetricsFile).count == 1)
        #expect(!FileManager.default.fileExists(atPath: run.folder.reconstructionFile(epoch: 0).path))
    }

    /// 38 training images cannot fill one batch of 64 (the last partial batch is dropped), so the
    /// run would take no step at all: an error naming the folder, not an empty "done".
    @Test func trainingSplitSmallerThanABatchIsAnError() throws {
        let data = try folders.make(), out = try folders.make()
        try TrainingFixtures.imageFolder(in: data)
        var configuration = TrainingFixtures.configuration(data: data)
        configuration.batchSize = 64
        let error = TrainingFixtures.failure(TrainingError.self) {
            _ = try TrainingFixtures.run(configuration, folder: out)
        }
        guard case .tooFewImages(let folder, let images, let batchSize)? = error else {
            Issue.record("expected too few images, got \(String(describing: error))"); return
        }
        #expect(folder == data.path && images == 38 && batchSize == 64)
        #expect("\(error!)" == "\(data.path): the training split has 38 images, fewer than one batch of 64; use a smaller --batch-size")
    }
}
