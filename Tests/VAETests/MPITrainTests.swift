import FeatureNetworks
import Foundation
import NN
import Testing
import VAE

/// `mpirun -np 2 vae-cli train` against one process, on a tiny run of the fixture pictures.
///
/// The tolerance: two ranks add each rank's share of the loss and of every gradient, where one
/// process sums over the whole batch in one go, so the float32 sums round differently (and each
/// rank runs its convolutions on 1 thread, one process on 2, which cuts the GEMMs differently).
/// Measured on this machine (AMD EPYC Zen 3), 16 steps of this run on 80 Fashion-MNIST pictures:
/// the logged losses within 1.1e-5 of each other (relative), the weights within 5.4e-5
/// (absolute, on weights up to 0.38), while Adam's first moments differed by up to 0.6% where
/// gradients nearly cancel. The bounds, 1e-4 relative for the losses and 5e-4 absolute for the
/// weights, leave a factor of about 9 above that, and stay below what a lost shard does: a step
/// without one rank's gradient moves weights by up to the learning rate (2e-3) the wrong way, and
/// wrong noise rows change the losses from the first step by 1e-2 and more.
@Suite(.serialized) struct MPITrainTests {
    let folders = TemporaryFolders()

    static let lossTolerance = 1e-4
    static let weightTolerance: Float = 5e-4

    /// The tiny run: 32x32 pictures, 8 latent dimensions, batches of 8, relu1 and relu2.
    static func arguments(data: URL, out: URL, epochs: Int) -> [String] {
        ["train", "--data", data.path, "--image-size", "32", "--latent-dim", "8", "--batch-size", "8", "--epochs", "\(epochs)",
         "--loss-layers", "relu1,relu2", "--validation-limit", "8", "--lr", "0.002", "--seed", "7", "--out", out.path]
    }

    /// One process's two epochs, run once for the suite: what the ranks must reproduce.
    static let reference: Result<(data: URL, run: URL), Error> = Result {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("MPITrainTests-\(UUID().uuidString)")
        let data = root.appendingPathComponent("data"), run = root.appendingPathComponent("one-process")
        try TrainingFixtures.imageFolder(in: data)
        let result = try TrainCommandTests.shell("exec \"$0\" \"$@\"", arguments(data: data, out: run, epochs: 2))
        guard result.process.terminationStatus == 0 else { throw CLIFailure(message: result.error) }
        return (data, run)
    }

    struct CLIFailure: Error { let message: String }

    /// Two ranks take one process's steps: every logged loss and the final weights within the
    /// tolerance; then resumed under mpirun from the ranks' own
    /// checkpoint, the second epoch too.
    @Test func twoRanksTakeOneProcesssStepsAndResume() throws {
        let (data, reference) = try Self.reference.get()
        let out = try folders.make()
        let first = try MPIJobs.run(ranks: 2, Self.arguments(data: data, out: out, epochs: 1))
        #expect(first.process.terminationStatus == 0, "\(first.error)")
        #expect(first.output.contains("2 MPI ranks, 1 threads each"), "\(first.output)")
        // Rank 0 alone prints: one summary line, one "done".
        #expect(first.output.components(separatedBy: "done: ").count == 2, "\(first.output)")
        let oneEpochSteps = try TrainingFixtures.rows(of: RunFolder(out).stepMetricsFile).count - 1
        try #require(oneEpochSteps >= 3)

        let resumed = try MPIJobs.run(ranks: 2, ["train", "--resume", out.path, "--epochs", "2"])
        #expect(resumed.process.terminationStatus == 0, "\(resumed.error)")
        #expect(resumed.output.contains("resuming at step \(oneEpochSteps)"), "\(resumed.output)")

        let ours = try TrainingFixtures.rows(of: RunFolder(out).stepMetricsFile)
        let theirs = try TrainingFixtures.rows(of: RunFolder(reference).stepMetricsFile)
        try #require(ours.count == theirs.count && ours.count == 2 * oneEpochSteps + 1, "\(ours.count) rows, \(theirs.count) rows")
        #expect(ours[0] == theirs[0])
        for (row, (a, b)) in zip(ours, theirs).enumerated().dropFirst() {
            #expect(a[0..<3] == b[0..<3], "row \(row): step, epoch and batch")
            for column in 3..<a.count {
                let x = try #require(Double(a[column])), y = try #require(Double(b[column]))
                #expect(abs(x - y) <= Self.lossTolerance * max(abs(x), abs(y), 1e-6),
                        "step \(a[0]) \(ours[0][column]): \(x) with two ranks, \(y) in one process")
            }
        }
        let checkpoint = Checkpoint.fileName(step: 2 * oneEpochSteps)
        try Self.expectClose(RunFolder(out).checkpointsFolder.appendingPathComponent(checkpoint),
                             RunFolder(reference).checkpointsFolder.appendingPathComponent(checkpoint))
    }

    /// The model's tensors (weights and batch-norm statistics) of two checkpoints within the weight
    /// tolerance.
    static func expectClose(_ a: URL, _ b: URL) throws {
        let first = try SafeTensorsFile(contentsOf: a), second = try SafeTensorsFile(contentsOf: b)
        #expect(first.names == second.names)
        var compared = 0
        for name in first.names where name.hasPrefix("model.") && first.entries[name]!.dtype == .float32 {
            let x = try first.tensor(named: name), y = try second.tensor(named: name)
            try #require(x.shape == y.shape, "\(name)")
            let worst = zip(x.scalars, y.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= weightTolerance, "\(name): differs by up to \(worst)")
            compared += 1
        }
        #expect(compared >= 10, "only \(compared) of the model's tensors compared")
    }

    /// Rank 1 killed with SIGKILL after a few checkpoints: mpirun ends the job with a non-zero
    /// status naming the rank, and the newest checkpoint loads and resumes.
    @Test func aKilledRankEndsTheJobAndTheLastCheckpointLoads() throws {
        let (data, _) = try Self.reference.get()
        let out = try folders.make(), log = try folders.make().appendingPathComponent("job.log")
        let job = try MPIJobs.start(ranks: 2, Self.arguments(data: data, out: out, epochs: 20) + ["--checkpoint-every", "1"],
                                    output: log)
        let folder = RunFolder(out)
        let deadline = Date().addingTimeInterval(120)
        while job.isRunning && folder.checkpoints().count < 2 && Date() < deadline { usleep(100_000) }
        let ranks = MPIJobs.ranks(of: job.processIdentifier)
        let victim = try #require(ranks[1], "rank 1 not found among \(ranks); job log: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        kill(victim, SIGKILL)
        job.waitUntilExit()
        let text = try String(contentsOf: log, encoding: .utf8)
        #expect(job.terminationStatus != 0)
        #expect(text.contains("rank 1") && text.contains("signal 9"), "\(text)")

        let (checkpoint, file) = try folder.latestCheckpoint { Issue.record("warning: \($0)") }
        #expect(checkpoint.step >= 2)
        let trainer = try VAETrainer(configuration: checkpoint.configuration, lossNetwork: EmbeddedWeights.imagenetNetwork(),
                                     totalSteps: checkpoint.step)
        try trainer.restore(checkpoint, file: file.path)
        #expect(trainer.step == checkpoint.step)
    }

    /// More ranks than a batch has images, and ranks given other options: rank 0's one line, and
    /// the job's status is not 0.
    @Test func badJobsEndWithOneLineFromRankZero() throws {
        let (data, _) = try Self.reference.get()
        let out = try folders.make()
        var arguments = Self.arguments(data: data, out: out, epochs: 1)
        arguments[arguments.firstIndex(of: "--batch-size")! + 1] = "1"
        let tooMany = try MPIJobs.run(ranks: 2, arguments)
        #expect(tooMany.process.terminationStatus != 0)
        #expect(tooMany.error.hasPrefix("Error: 2 MPI ranks cannot share batches of 1 images; use a --batch-size of at least 2 "
                                        + "or fewer ranks\n"), "\(tooMany.error)")

        // Rank 1 with another learning rate (mpirun's colon-separated programs).
        let rank0 = Self.arguments(data: data, out: out, epochs: 1), rank1 = rank0.map { $0 == "0.002" ? "0.003" : $0 }
        let differing = try TrainCommandTests.shell(
            "exec \(MPIJobs.launcher) -np 1 \"$0\" \(rank0.joined(separator: " ")) : -np 1 \"$0\" \(rank1.joined(separator: " "))", [])
        #expect(differing.process.terminationStatus != 0)
        #expect(differing.error.hasPrefix("Error: rank 1 of 2 has other command-line arguments than rank 0 (their digests "
                                          + "differ); start every rank with the same command and data\n"), "\(differing.error)")
    }
}
