import Foundation
import Testing
import VAE

/// The built `vae-cli` binary on runs the tests prepare: a checkpoint writer failing and really
/// killed mid-write, and the one-line error of a resume with another image size.
@Suite struct TrainCommandTests {
    let folders = TemporaryFolders()

    /// `vae-cli`, built beside the test bundle (`swift build` and `swift test` build it).
    static let executable: URL? = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("vae-cli")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return nil
    }()

    struct Outcome {
        let process: Process
        let output: String
        let error: String
    }

    /// Runs `command` through `/bin/sh -c` with the executable as `$0` and `arguments` as `$@`.
    static func shell(_ command: String, _ arguments: [String]) throws -> Outcome {
        let binary = try #require(executable, "vae-cli is not built beside \(CommandLine.arguments[0])")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command, binary.path] + arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(process: process, output: String(decoding: outputData, as: UTF8.self),
                       error: String(decoding: errorData, as: UTF8.self))
    }

    /// A run stopped after step 2 (checkpoints every step) is resumed by `vae-cli` under a file
    /// size limit below a checkpoint's size, so writing checkpoint 3 exceeds it half-way.
    ///
    /// With SIGXFSZ ignored the write fails with EFBIG: the command exits with one line and
    /// removes its temporary file. With SIGXFSZ at its default the kernel kills the process in
    /// the middle of the write, leaving the temporary file. Either way checkpoint 2 is untouched
    /// and no checkpoint 3 exists; resuming again finishes the run, dropping the step the killed
    /// process logged and deleting its temporary file.
    @Test func checkpointWriterFailingOrKilledMidWriteLeavesThePreviousOne() throws {
        let data = try folders.make(), out = try folders.make()
        try TrainingFixtures.imageFolder(in: data)
        let configuration = TrainingFixtures.configuration(data: data, epochs: 1, checkpointEvery: 1)
        let folder = RunFolder(out)
        let first = try TrainingFixtures.run(configuration, folder: out)
        _ = try first.run(observer: TrainingRun.Observer(), shouldStop: { first.trainer.step == 2 })
        let second = folder.checkpointsFolder.appendingPathComponent(Checkpoint.fileName(step: 2))
        let secondBytes = try Data(contentsOf: second)
        let existing = [1, 2].map { Checkpoint.fileName(step: $0) }
        // dash counts the limit in 512-byte blocks; the small files written first stay below it.
        let limit = 64
        try #require(secondBytes.count > 2 * limit * 512, "a checkpoint of \(secondBytes.count) bytes is too small for the test")
        func resume(signal disposition: String) throws -> Outcome {
            try Self.shell("ulimit -c 0; ulimit -f \(limit); exec env --\(disposition)-signal=XFSZ \"$0\" \"$@\"",
                           ["train", "--resume", out.path])
        }

        let failed = try resume(signal: "ignore")
        let third = folder.checkpointsFolder.appendingPathComponent(Checkpoint.fileName(step: 3))
        #expect(failed.process.terminationReason == .exit && failed.process.terminationStatus == 1)
        #expect(failed.error == "Error: \(third.path): cannot write: File too large\n")
        #expect(failed.output.contains("resuming at step 2"), "\(failed.output)")
        #expect(folder.abandonedTemporaryFiles() == [])
        #expect(folder.checkpoints().map(\.lastPathComponent) == existing)
        #expect(try Data(contentsOf: second) == secondBytes)

        let killed = try resume(signal: "default")
        #expect(killed.process.terminationReason == .uncaughtSignal && killed.process.terminationStatus == SIGXFSZ,
                "\(killed.process.terminationReason) \(killed.process.terminationStatus): \(killed.error)")
        let abandoned = folder.abandonedTemporaryFiles()
        try #require(abandoned.count == 1)
        #expect(abandoned[0].lastPathComponent.hasPrefix("." + third.lastPathComponent + "."))
        #expect(try FileManager.default.attributesOfItem(atPath: abandoned[0].path)[.size] as? Int == limit * 512)
        #expect(folder.checkpoints().map(\.lastPathComponent) == existing)
        #expect(try Data(contentsOf: second) == secondBytes)
        // The killed process logged step 3 before it died.
        #expect(try TrainingFixtures.rows(of: folder.stepMetricsFile).map(\.first) == ["step", "1", "2", "3"])

        var warnings: [String] = []
        let latest = try folder.latestCheckpoint { warnings.append($0) }
        #expect(latest.1 == second && latest.0.step == 2 && warnings == [])
        let last = try TrainingFixtures.run(configuration, folder: out, resume: latest)
        guard case .finished(let final) = try last.run(observer: TrainingRun.Observer(), shouldStop: { false }) else {
            Issue.record("the resumed run did not finish"); return
        }
        #expect(final.lastPathComponent == Checkpoint.fileName(step: 4))
        #expect(folder.abandonedTemporaryFiles() == [])
        #expect(try TrainingFixtures.rows(of: folder.stepMetricsFile).map(\.first) == ["step", "1", "2", "3", "4"])
    }

    /// The epoch line shows SSIM and the periodic-artifact ratio after PSNR, as metrics-epochs.csv
    /// holds them (a run stopped after 2 steps, finished by the binary).
    @Test func epochLineShowsSSIMAndArtifactRatio() throws {
        let data = try folders.make(), out = try folders.make()
        try TrainingFixtures.imageFolder(in: data)
        let first = try TrainingFixtures.run(TrainingFixtures.configuration(data: data, epochs: 1), folder: out)
        _ = try first.run(observer: TrainingRun.Observer(), shouldStop: { first.trainer.step == 2 })
        let result = try Self.shell("exec \"$0\" \"$@\"", ["train", "--resume", out.path])
        #expect(result.process.terminationStatus == 0, "\(result.error)")
        let line = try #require(result.output.split(separator: "\n").first { $0.hasPrefix("epoch 1: ") }, "\(result.output)")
        let columns = CSVLog.columns(of: RunFolder(out).epochMetricsFile)
        let ssim = try #require(columns["validation_ssim"]?.first), ratio = try #require(columns["validation_artifact_ratio"]?.first)
        #expect(line.contains(String(format: " dB, SSIM %.4f, artifact ratio %.3f, ", ssim, ratio)), "\(line)")
    }

    /// `--resume` with another `--image-size`: exit status 1 and one line naming the checkpoint.
    @Test func resumeWithAnotherImageSizeFailsWithOneLine() throws {
        let folder = RunFolder(try folders.make())
        let checkpoint = try CheckpointTests.writeCheckpoint(step: 3, in: folder)
        let result = try Self.shell("exec \"$0\" \"$@\"", ["train", "--resume", folder.url.path, "--image-size", "64"])
        #expect(result.process.terminationReason == .exit && result.process.terminationStatus == 1)
        #expect(result.error == "Error: \(checkpoint.path): the checkpoint was trained with 32x32 images, not --image-size 64\n")
    }

    /// An option only a new run sets, given with `--resume`: a usage error (status 64, the usage
    /// after the message) naming the option and the run's configuration file.
    @Test func resumeWithANewRunOptionIsAUsageError() throws {
        let folder = RunFolder(try folders.make())
        _ = try CheckpointTests.writeCheckpoint(step: 3, in: folder)
        let result = try Self.shell("exec \"$0\" \"$@\"", ["train", "--resume", folder.url.path, "--epochs", "4", "--lr", "0.1"])
        #expect(result.process.terminationReason == .exit && result.process.terminationStatus == 64)
        #expect(result.error.hasPrefix("Error: --lr cannot change when resuming; the run keeps its own "
                                       + "(see \(folder.url.path)/configuration.json)\nUsage: "), "\(result.error)")
    }

    /// `train --help` shows the defaults TrainingConfiguration holds, those of the short default
    /// run included.
    @Test func helpShowsTheConfigurationsDefaults() throws {
        let result = try Self.shell("exec \"$0\" train --help", [])
        #expect(result.process.terminationStatus == 0)
        // Help wraps its lines: compare with the whitespace runs made single spaces.
        let help = result.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let defaults = TrainingConfiguration.defaults, shortRun = TrainingConfiguration.shortRun
        for expected in [
            "Images per step. (default: \(TrainingConfiguration.imageFolderBatchSize) for an image folder, \(defaults.batchSize) for IDX data)",
            "Adam learning rate. (default: \(defaults.learningRate))",
            "collapses the posterior. (default: \(defaults.klWeight))",
            "Latent dimension. (default: \(defaults.architecture.latentDimension))",
            "(default: \(defaults.loss.layers.joined(separator: ",")))",
            "(and at the end). (default: \(defaults.checkpointEvery))",
            "Epochs. (default: \(defaults.epochs); \(shortRun.epochs) without --data and --limit)",
            "(default: all; \(shortRun.trainingLimit!) without --data and --epochs)",
            "(default: \(defaults.validationLimit!); \(shortRun.validationLimit!) without --data, --limit and --epochs)",
        ] {
            #expect(help.contains(expected), "\(expected)")
        }
    }
}
