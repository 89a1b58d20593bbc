import Foundation
import NN
import Testing
import VAE

/// `evaluate`, `fit-prior` and `sample --prior` run as a user runs them, on a tiny trained run
/// whose test split has enough images for FD-AlexNet (258: FD needs 257 per set).
@Suite struct EvaluateCommandTests {
    let folders = TemporaryFolders()

    static func run(_ arguments: [String]) throws -> TrainCommandTests.Outcome {
        try TrainCommandTests.shell("exec \"$0\" \"$@\"", arguments)
    }

    /// One tiny run (1 epoch on 8 images a class), trained in-process: train writes the fitted
    /// prior at its end; fit-prior refits it with other options; sample draws from it; evaluate
    /// reports every metric with sane values (AlexNet sees the 32x32 images at 64x64).
    @Test func trainFitPriorSampleAndEvaluate() throws {
        let data = try folders.make(), out = try folders.make()
        try TrainingFixtures.imageFolder(perClass: 8, splits: ["train"], in: data)
        let test = try folders.make()
        try TrainingFixtures.imageFolder(perClass: 86, in: test)
        try FileManager.default.moveItem(at: test, to: data.appendingPathComponent("test"))
        let training = try TrainingFixtures.run(TrainingFixtures.configuration(data: data, epochs: 1), folder: out)
        var messages: [String] = []
        var observer = TrainingRun.Observer()
        observer.message = { messages.append($0) }
        _ = try training.run(observer: observer, shouldStop: { false })

        // train's own prior: Ghosh et al.'s 10 components, at the final step.
        let written = try FittedPrior(contentsOf: training.folder.priorFile)
        #expect(written.components == 10 && written.latentDimension == 8 && written.checkpointStep == training.trainer.step)
        #expect(messages.contains { $0.hasPrefix("fitted prior: 10-component") }, "\(messages)")

        let refit = try Self.run(["fit-prior", "--checkpoint", out.path, "--components", "3", "--seed", "5"])
        #expect(refit.process.terminationStatus == 0, "\(refit.error)")
        let prior = try FittedPrior(contentsOf: training.folder.priorFile)
        #expect(prior.components == 3 && prior.seed == 5 && prior.trainingImages == written.trainingImages)
        #expect(refit.output.contains("wrote \(training.folder.priorFile.path)"), "\(refit.output)")

        let samples = out.appendingPathComponent("fitted.png")
        let sample = try Self.run(["sample", "--checkpoint", out.path, "--prior", "fitted", "--count", "4", "--out", samples.path])
        #expect(sample.process.terminationStatus == 0, "\(sample.error)")
        #expect(FileManager.default.fileExists(atPath: samples.path))
        // Without --prior, a run with a fitted prior draws from it.
        let byDefault = try Self.run(["sample", "--checkpoint", out.path, "--count", "4", "--out", samples.path])
        #expect(byDefault.process.terminationStatus == 0 && byDefault.output.contains(prior.summary), "\(byDefault.output)")

        let report = out.appendingPathComponent("report.json")
        let evaluate = try Self.run(["evaluate", "--checkpoint", out.path, "--count", "300", "--out", report.path])
        #expect(evaluate.process.terminationStatus == 0, "\(evaluate.error)")
        #expect(evaluate.output.contains("the data has 258 images, fewer than --count 300: using all of them"))
        #expect(evaluate.output.contains("FD-AlexNet, fitted-prior samples"), "\(evaluate.output)")
        let figures = try EvaluationReport.decoded(from: Data(contentsOf: report))
        #expect(figures.images == 258 && figures.requestedImages == 300 && figures.split == "test")
        let quality = figures.reconstruction
        #expect(quality.ssimMean > 0 && quality.ssimMean < 1, "\(quality)")
        #expect(quality.psnrMean > 5 && quality.psnrMean < 60, "\(quality)")
        #expect(quality.lpipsMean > 0 && quality.lpipsMean < 1, "\(quality)")
        #expect(quality.periodicArtifactRatioMedian > 0 && quality.periodicArtifactRatioMedian.isFinite, "\(quality)")
        for (name, outcome) in figures.fdAlexnet.rows {
            let value = try #require(outcome.value, "\(name): \(outcome.error ?? "")")
            #expect(value > 0 && value.isFinite && outcome.error == nil, "\(name): \(outcome)")
            #expect(abs(outcome.meanTerm! + outcome.covarianceTerm! - value) < 1e-9 * max(1, value))
        }
    }

    /// The bad inputs, each one line: a fitted prior that is not there, more components than
    /// training images, and too few images for FD (its rows say why; the rest is reported).
    @Test func badInputsAreOneLineErrors() throws {
        let data = try folders.make(), out = try folders.make()
        try TrainingFixtures.imageFolder(perClass: 4, in: data)
        let configuration = TrainingConfiguration(data: data.path, architecture: GenerationTests.architecture)
        let folder = RunFolder(out)
        try folder.create()
        let checkpoint = folder.checkpointsFolder.appendingPathComponent(Checkpoint.fileName(step: 2))
        try Checkpoint(configuration: configuration, step: 2, epoch: 0, batchInEpoch: 2, generator: .init(seed: 1),
                       model: GenerationTests.model(seed: 1), optimizer: Adam()).write(to: checkpoint)

        let png = out.appendingPathComponent("s.png").path
        let noPrior = try Self.run(["sample", "--checkpoint", out.path, "--prior", "fitted", "--out", png])
        #expect(noPrior.process.terminationStatus == 1)
        #expect(noPrior.error == "Error: \(out.path) has no fitted prior (prior.safetensors); "
                + "run vae-cli fit-prior --checkpoint \(out.path)\n")
        // Without --prior, a run without one draws from N(0, I) and says so.
        let standard = try Self.run(["sample", "--checkpoint", out.path, "--count", "4", "--out", png])
        #expect(standard.process.terminationStatus == 0, "\(standard.error)")
        #expect(standard.output.contains("the run has no fitted prior (vae-cli fit-prior makes one): drawing z ~ N(0, I)"))

        let tooMany = try Self.run(["fit-prior", "--checkpoint", checkpoint.path, "--components", "500"])
        #expect(tooMany.process.terminationStatus == 1)
        #expect(tooMany.error.hasPrefix("Error: cannot fit 500 mixture components to ") && tooMany.error.hasSuffix(" or fewer\n"),
                "\(tooMany.error)")
        #expect(!FileManager.default.fileExists(atPath: folder.priorFile.path))

        let report = out.appendingPathComponent("report.json")
        let few = try Self.run(["evaluate", "--checkpoint", checkpoint.path, "--data", data.path, "--count", "10",
                                "--out", report.path])
        #expect(few.process.terminationStatus == 0, "\(few.error)")
        let figures = try EvaluationReport.decoded(from: Data(contentsOf: report))
        #expect(figures.images == 10 && figures.reconstruction.ssimMean.isFinite && figures.reconstruction.lpipsMean > 0)
        for (_, outcome) in figures.fdAlexnet.rows {
            #expect(outcome.value == nil && outcome.error?.hasPrefix("FD-AlexNet needs at least 257 images per set") == true,
                    "\(outcome)")
        }
        #expect(few.output.contains("n/a"), "\(few.output)")
    }
}
