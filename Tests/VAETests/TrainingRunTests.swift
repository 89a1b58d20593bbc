import Foundation
import ImageFiles
import NN
import Testing
import VAE

/// Whole training runs on 48 generated 32x32 shapes (38 training images: 4 steps of 8 an epoch).
@Suite struct TrainingRunTests {
    let folders = TemporaryFolders()

    /// Three epochs: the last epoch's mean training loss is well below the first's (measured:
    /// 30.6 → 23.3), validation loss and LPIPS fall too, and the run folder holds what it promises.
    @Test func shortTrainingLowersTheLoss() throws {
        let data = try folders.make(), out = try folders.make()
        try TrainingFixtures.imageFolder(in: data)
        let run = try TrainingFixtures.run(TrainingFixtures.configuration(data: data, epochs: 3, learningRate: 1e-2),
                                           folder: out)
        var epochs: [TrainingRun.EpochReport] = []
        var observer = TrainingRun.Observer()
        observer.epochEnded = { epochs.append($0) }
        let outcome = try run.run(observer: observer, shouldStop: { false })

        guard case .finished(let checkpoint) = outcome else { Issue.record("not finished: \(outcome)"); return }
        try #require(epochs.count == 3)
        let (first, last) = (epochs[0], epochs[2])
        #expect(last.training.total < 0.9 * first.training.total, "\(first.training) → \(last.training)")
        #expect(last.validation.total < first.validation.total)
        #expect(last.lpips < first.lpips)
        #expect(epochs.map(\.step) == [4, 8, 12])

        let folder = run.folder
        #expect(checkpoint.lastPathComponent == "checkpoint-00000012.safetensors")
        #expect(try Checkpoint(contentsOf: checkpoint).configuration == run.configuration)
        #expect(try TrainingFixtures.rows(of: folder.stepMetricsFile).count == 1 + 12)
        #expect(try TrainingFixtures.rows(of: folder.epochMetricsFile).count == 1 + 3)
        // Checkpoints every 3 steps, the newest 3 kept.
        #expect(folder.checkpoints().map(\.lastPathComponent)
                == [6, 9, 12].map { Checkpoint.fileName(step: $0) })
        for file in [folder.configurationFile, folder.lossCurveFile, folder.samplesFile, folder.reconstructionFile(epoch: 2)] {
            #expect(FileManager.default.fileExists(atPath: file.path), "\(file.lastPathComponent)")
        }
    }

    /// Run A goes through 2 epochs in one go. Run B is stopped (as by Ctrl-C) after 2 steps,
    /// resumed from that checkpoint, then crashes after step 7 (its Ctrl-C checkpoint is deleted,
    /// so the step log holds a row past the newest checkpoint, which is mid-epoch), and is resumed
    /// again to the end. Every step's loss, both CSV files and the final checkpoint (parameters,
    /// Adam state, noise generator) must equal A's bit for bit, with the learning rate constant
    /// or on its cosine schedule.
    @Test(arguments: LearningRateSchedule.allCases)
    func resumedRunEqualsUninterruptedRun(schedule: LearningRateSchedule) throws {
        let data = try folders.make()
        try TrainingFixtures.imageFolder(in: data)
        var configuration = TrainingFixtures.configuration(data: data, epochs: 2, checkpointEvery: 3)
        configuration.learningRateSchedule = schedule

        func train(_ run: TrainingRun, stopAfter stop: Int? = nil) throws -> (outcome: TrainingRun.Outcome, losses: [Int: Double]) {
            var losses: [Int: Double] = [:]
            var observer = TrainingRun.Observer()
            observer.stepped = { losses[$0.step] = $0.terms.total }
            let outcome = try run.run(observer: observer, shouldStop: { stop.map { run.trainer.step >= $0 } ?? false })
            return (outcome, losses)
        }

        let a = try folders.make("run-a")
        let (finishedA, lossesA) = try train(TrainingFixtures.run(configuration, folder: a))
        guard case .finished(let checkpointA) = finishedA else { Issue.record("A not finished"); return }
        #expect(lossesA.keys.sorted() == Array(1...8))

        let b = try folders.make("run-b"), folderB = RunFolder(b)
        let (stopped, losses1) = try train(TrainingFixtures.run(configuration, folder: b), stopAfter: 2)
        guard case .interrupted(let interrupted) = stopped else { Issue.record("B not interrupted"); return }
        #expect(interrupted.lastPathComponent == Checkpoint.fileName(step: 2))

        var warnings: [String] = []
        let resume1 = try folderB.latestCheckpoint { warnings.append($0) }
        #expect(resume1.1 == interrupted && resume1.0.epoch == 0 && resume1.0.batchInEpoch == 2)
        let (crashed, losses2) = try train(TrainingFixtures.run(configuration, folder: b, resume: resume1), stopAfter: 7)
        guard case .interrupted(let seventh) = crashed else { Issue.record("B not interrupted again"); return }
        // A crash after step 7: no checkpoint for it, but its row is in the step log.
        try FileManager.default.removeItem(at: seventh)
        let resume2 = try folderB.latestCheckpoint { warnings.append($0) }
        #expect(resume2.1.lastPathComponent == Checkpoint.fileName(step: 6))
        #expect(resume2.0.epoch == 1 && resume2.0.batchInEpoch == 2)
        let (finishedB, losses3) = try train(TrainingFixtures.run(configuration, folder: b, resume: resume2))
        guard case .finished(let checkpointB) = finishedB else { Issue.record("B not finished"); return }
        #expect(warnings == [])

        #expect(losses1.keys.sorted() == [1, 2] && losses2.keys.sorted() == [3, 4, 5, 6, 7] && losses3.keys.sorted() == [7, 8])
        for (step, loss) in losses1.merging(losses2, uniquingKeysWith: { $1 }).merging(losses3, uniquingKeysWith: { $1 }) {
            #expect(loss.bitPattern == lossesA[step]?.bitPattern, "step \(step): \(loss) vs \(lossesA[step] ?? .nan)")
        }
        #expect(losses2[7]?.bitPattern == losses3[7]?.bitPattern)

        let folderA = RunFolder(a)
        #expect(try TrainingFixtures.rows(of: folderB.stepMetricsFile) == TrainingFixtures.rows(of: folderA.stepMetricsFile))
        #expect(try TrainingFixtures.rows(of: folderB.epochMetricsFile) == TrainingFixtures.rows(of: folderA.epochMetricsFile))
        #expect(try TrainingFixtures.rows(of: folderA.stepMetricsFile).count == 1 + 8)

        let (finalA, finalB) = (try Checkpoint(contentsOf: checkpointA), try Checkpoint(contentsOf: checkpointB))
        #expect(finalA.step == 8 && finalB.step == 8)
        #expect(finalA.parameters == finalB.parameters)
        #expect(finalA.optimizerState == finalB.optimizerState && !finalA.optimizerState.isEmpty)
        #expect(finalA.generatorState == finalB.generatorState)
        // Everything else as well: the files are the same bytes, and so are the pictures.
        #expect(try Data(contentsOf: checkpointA) == Data(contentsOf: checkpointB))
        #expect(try Data(contentsOf: folderA.samplesFile) == Data(contentsOf: folderB.samplesFile))
        #expect(try Data(contentsOf: folderA.reconstructionFile(epoch: 1)) == Data(contentsOf: folderB.reconstructionFile(epoch: 1)))
    }

    /// A truncated JPEG among the PNGs of the training split is left out of its batch, counted
    /// once in `skipped` and reported as a message; training goes on.
    @Test func corruptJPEGIsSkippedAndCounted() throws {
        let data = try folders.make(), out = try folders.make()
        try TrainingFixtures.imageFolder(perClass: 8, splits: ["train", "validation", "test"], in: data)
        // 23 PNGs and the broken JPEG: 3 full batches an epoch, so every file is read each epoch.
        try FileManager.default.removeItem(at: data.appendingPathComponent("train/squares/000.png"))
        let corrupt = data.appendingPathComponent("train/squares/broken.jpg")
        try TrainingFixtures.truncatedJPEG(at: corrupt)
        let run = try TrainingFixtures.run(TrainingFixtures.configuration(data: data, epochs: 2), folder: out)
        var messages: [String] = [], steps = 0
        var observer = TrainingRun.Observer()
        observer.message = { messages.append($0) }
        observer.stepped = { _ in steps += 1 }
        let outcome = try run.run(observer: observer, shouldStop: { false })

        guard case .finished = outcome else { Issue.record("not finished: \(outcome)"); return }
        #expect(steps == 2 * 3)
        #expect(run.skipped.count == 1)
        let entry = try #require(run.skipped.entries.first)
        #expect(entry.file == corrupt.path)
        #expect(entry.reason.hasPrefix("corrupt or truncated JPEG"), "\(entry.reason)")
        // Reported once: the prior's encoding of the training images at the end reads it again
        // but does not report it twice.
        #expect(messages.filter { $0.hasPrefix("skipped") } == ["skipped \(entry)"])
        #expect(messages.last?.hasPrefix("fitted prior: 10-component") == true, "\(messages)")
    }

    @Test func emptyFolderIsAClearError() throws {
        let data = try folders.make(), out = try folders.make()
        let error = TrainingFixtures.failure(ImageFilesError.self) {
            _ = try TrainingFixtures.run(TrainingFixtures.configuration(data: data), folder: out)
        }
        #expect(error == .noImages(folder: data.path))
        #expect(error?.description == "\(data.path): no .png, .jpg or .jpeg files found")
        #expect(RunFolder(out).checkpoints().isEmpty)
    }
}
