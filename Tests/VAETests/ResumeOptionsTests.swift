import Foundation
import Testing
import VAE

/// Options given again with `--resume`: only the epochs may change.
@Suite struct ResumeOptionsTests {
    let folders = TemporaryFolders()

    static let saved = TrainingFixtures.configuration(data: URL(fileURLWithPath: "/data/shapes"), epochs: 2)
    static let file = URL(fileURLWithPath: "/runs/a/checkpoints/checkpoint-00000006.safetensors")

    static func error(_ options: ResumeOptions) -> CheckpointError? {
        TrainingFixtures.failure(CheckpointError.self) { _ = try options.configuration(resuming: saved, file: file) }
    }

    @Test func agreeingOptionsKeepTheRunAndChangeOnlyTheEpochs() throws {
        #expect(try ResumeOptions().configuration(resuming: Self.saved, file: Self.file) == Self.saved)
        let options = ResumeOptions(data: "/data/./shapes/", imageSize: 32, latentDimension: 8, batchSize: 8,
                                    lossNetwork: "imagenet", seed: 7, epochs: 5)
        var expected = Self.saved
        expected.epochs = 5
        #expect(try options.configuration(resuming: Self.saved, file: Self.file) == expected)
    }

    @Test func anotherImageSizeIsAnArchitectureMismatch() {
        let error = Self.error(ResumeOptions(imageSize: 64))
        #expect(error == .architectureMismatch(file: Self.file.path, saved: "32x32 images", requested: "--image-size 64"))
        #expect(error?.description == "\(Self.file.path): the checkpoint was trained with 32x32 images, not --image-size 64")
        #expect(Self.error(ResumeOptions(latentDimension: 100))?.description
                == "\(Self.file.path): the checkpoint was trained with latent dimension 8, not --latent-dim 100")
        #expect(Self.error(ResumeOptions(batchNormalization: true))?.description
                == "\(Self.file.path): the checkpoint was trained with no batch normalisation, not --batch-norm")
    }

    @Test func otherConflictingOptionsNameTheOptionAndBothValues() {
        #expect(Self.error(ResumeOptions(data: "/data/other"))
                == .conflictingOption(file: Self.file.path, option: "--data", given: "/data/other", saved: "/data/shapes"))
        #expect(Self.error(ResumeOptions(batchSize: 64))?.description
                == "\(Self.file.path): --batch-size 64 differs from the run being resumed (8); start a new run instead")
        #expect(Self.error(ResumeOptions(lossNetworkFile: "/w/alexnet.caffemodel"))
                == .conflictingOption(file: Self.file.path, option: "--loss-net-file", given: "/w/alexnet.caffemodel", saved: nil))
        #expect(Self.error(ResumeOptions(seed: 8))?.description.contains("(7)") == true)
        // The architecture is checked first.
        #expect(Self.error(ResumeOptions(imageSize: 128, seed: 8))
                == .architectureMismatch(file: Self.file.path, saved: "32x32 images", requested: "--image-size 128"))
    }

    /// An option only a new run sets is rejected first, naming the folder as given, before any
    /// checkpoint is looked for (the folder here has none).
    @Test func newRunOptionsAreRejectedBeforeAnyCheckpointIsRead() {
        let options = ResumeOptions(imageSize: 64, newRunOptions: ["--lr", "--out"])
        let error = TrainingFixtures.failure(CheckpointError.self) { _ = try options.resume(runAt: "runs/none") { _ in } }
        #expect(error == .fixedByRun(folder: "runs/none", option: "--lr"))
        #expect(error?.description
                == "--lr cannot change when resuming; the run keeps its own (see runs/none/configuration.json)")
        #expect(TrainingFixtures.failure(CheckpointError.self) { _ = try ResumeOptions().resume(runAt: "runs/none") { _ in } }
                == .noCheckpoint(folder: URL(fileURLWithPath: "runs/none").path))
    }

    /// The newest checkpoint of the folder, with its configuration checked against the options.
    @Test func resumeReadsTheNewestCheckpointAndChecksItsConfiguration() throws {
        let folder = RunFolder(try folders.make())
        _ = try CheckpointTests.writeCheckpoint(step: 2, in: folder)
        let newest = try CheckpointTests.writeCheckpoint(step: 4, in: folder)
        let run = try ResumeOptions(epochs: 9).resume(runAt: folder.url.path) { _ in }
        #expect(run.file == newest && run.checkpoint.step == 4 && run.folder.url.path == folder.url.path)
        #expect(run.configuration.epochs == 9)
        #expect(TrainingFixtures.failure(CheckpointError.self) {
            _ = try ResumeOptions(imageSize: 64).resume(runAt: folder.url.path) { _ in }
        } == .architectureMismatch(file: newest.path, saved: "32x32 images", requested: "--image-size 64"))
    }
}
