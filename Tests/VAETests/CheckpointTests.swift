import Foundation
import NN
import Testing
import VAE

/// Checkpoint files: restoring into another architecture, and finding the last good one in a run
/// folder after a writer was killed.
@Suite struct CheckpointTests {
    let folders = TemporaryFolders()

    static let tiny = VAEArchitecture(imageSize: 32, latentDimension: 8, baseChannels: 4)

    /// A checkpoint of a freshly initialised `architecture` with Adam state (one step of zero
    /// gradients), written as `checkpoint-<step>` into `folder`'s checkpoints.
    @discardableResult
    static func writeCheckpoint(_ architecture: VAEArchitecture = tiny, step: Int, in folder: RunFolder) throws -> URL {
        try folder.create()
        var generator = SeededGenerator(seed: UInt64(step))
        let model = ConvVAE(architecture, generator: &generator)
        let adam = Adam(learningRate: 1e-3)
        adam.step(model.parameters)
        var configuration = TrainingFixtures.configuration(data: folder.url)
        configuration.architecture = architecture
        let url = folder.checkpointsFolder.appendingPathComponent(Checkpoint.fileName(step: step))
        try Checkpoint(configuration: configuration, step: step, epoch: 0, batchInEpoch: step, generator: generator,
                       model: model, optimizer: adam).write(to: url)
        return url
    }

    @Test func checkpointRoundTrips() throws {
        let folder = RunFolder(try folders.make())
        let url = try Self.writeCheckpoint(step: 5, in: folder)
        let checkpoint = try Checkpoint(contentsOf: url)
        #expect(checkpoint.step == 5 && checkpoint.batchInEpoch == 5 && checkpoint.configuration.architecture == Self.tiny)
        var generator = SeededGenerator(seed: 9)
        let model = ConvVAE(Self.tiny, generator: &generator)
        try checkpoint.restore(into: model, file: url.path)
        #expect(Dictionary(uniqueKeysWithValues: model.parameters.map { ($0.name, $0.value) }) == checkpoint.parameters)
        #expect(checkpoint.optimizerState.count == 3 * model.parameters.count)
    }

    /// Restoring into a model of another shape names the first tensor that does not fit.
    @Test func checkpointOfAnotherArchitectureNamesTheTensor() throws {
        let folder = RunFolder(try folders.make())
        let url = try Self.writeCheckpoint(step: 1, in: folder)
        let checkpoint = try Checkpoint(contentsOf: url)
        func restoreError(_ architecture: VAEArchitecture) -> CheckpointError? {
            var generator = SeededGenerator(seed: 1)
            let model = ConvVAE(architecture, generator: &generator)
            return TrainingFixtures.failure(CheckpointError.self) { try checkpoint.restore(into: model, file: url.path) }
        }
        let file = url.path
        // Latent 16: the heads read the same 16x4x4 bottleneck but produce twice the outputs.
        let latent = restoreError(VAEArchitecture(imageSize: 32, latentDimension: 16, baseChannels: 4))
        #expect(latent == .wrongShape(file: file, name: "encoder.mean.weight", expected: [16, 256], found: [8, 256]))
        #expect(latent?.description == "\(file): encoder.mean.weight has shape [8, 256], this architecture needs [16, 256] "
                + "(a checkpoint of another architecture)")
        // 64x64 adds a fourth stage.
        let larger = restoreError(VAEArchitecture(imageSize: 64, latentDimension: 8, baseChannels: 4))
        #expect(larger == .missingTensor(file: file, name: "encoder.conv4.weight"))
        #expect(larger?.description == "\(file): checkpoint lacks encoder.conv4.weight; it was saved from another architecture")
        // Batch normalisation drops the convolutions' biases and adds its own tensors.
        let normalised = restoreError(VAEArchitecture(imageSize: 32, latentDimension: 8, batchNormalization: true, baseChannels: 4))
        #expect(normalised == .missingTensor(file: file, name: "encoder.conv1.bn.weight"))
        // Wider channels: the very first weight differs.
        let wider = restoreError(VAEArchitecture(imageSize: 32, latentDimension: 8, baseChannels: 8))
        #expect(wider == .wrongShape(file: file, name: "encoder.conv1.weight", expected: [8, 3, 4, 4], found: [4, 3, 4, 4]))
        // A checkpoint that lacks a tensor, or holds one the model lacks.
        let normalisedArchitecture = VAEArchitecture(imageSize: 32, latentDimension: 8, batchNormalization: true, baseChannels: 4)
        var edited = try Checkpoint(contentsOf: Self.writeCheckpoint(normalisedArchitecture, step: 2, in: folder))
        var generator = SeededGenerator(seed: 1)
        let normalisedModel = ConvVAE(normalisedArchitecture, generator: &generator)
        try edited.restore(into: normalisedModel, file: "c")
        let complete = edited.parameters
        edited.parameters = complete.filter { $0.key != "encoder.conv2.bn.bias" }
        #expect(TrainingFixtures.failure(CheckpointError.self) { try edited.restore(into: normalisedModel, file: "c") }
                == .missingTensor(file: "c", name: "encoder.conv2.bn.bias"))
        edited.parameters = complete.merging(["extra.weight": Tensor(zeros: [1])]) { a, _ in a }
        #expect(TrainingFixtures.failure(CheckpointError.self) { try edited.restore(into: normalisedModel, file: "c") }
                == .unexpectedTensors(file: "c", names: ["extra.weight"]))
    }

    /// What a writer killed mid-write can leave: its temporary file, or (copied by hand, or on a
    /// file system without atomic rename) a truncated checkpoint newer than the good one. The
    /// newest checkpoint that loads is used, with a warning for each one passed over.
    @Test func damagedNewerCheckpointsArePassedOver() throws {
        let folder = RunFolder(try folders.make())
        let good = try Self.writeCheckpoint(step: 4, in: folder)
        let bytes = try Data(contentsOf: good)
        let truncated = folder.checkpointsFolder.appendingPathComponent(Checkpoint.fileName(step: 6))
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        let notOurs = folder.checkpointsFolder.appendingPathComponent(Checkpoint.fileName(step: 7))
        try SafeTensorsFile.write(["w": Tensor(zeros: [2])], metadata: ["format": "something else"], to: notOurs)
        try bytes.prefix(1000).write(to: folder.checkpointsFolder
            .appendingPathComponent("." + Checkpoint.fileName(step: 8) + ".4242.17.tmp"))

        var warnings: [String] = []
        let (checkpoint, file) = try folder.latestCheckpoint { warnings.append($0) }
        #expect(file == good && checkpoint.step == 4)
        try #require(warnings.count == 2)
        #expect(warnings[0] == "skipping \(notOurs.lastPathComponent): \(CheckpointError.notACheckpoint(file: notOurs.path))")
        #expect(warnings[1].hasPrefix("skipping \(truncated.lastPathComponent): \(truncated.path): truncated:"), "\(warnings[1])")

        // With the good one gone too, the error says what was looked for.
        try FileManager.default.removeItem(at: good)
        let error = TrainingFixtures.failure(CheckpointError.self) { _ = try folder.latestCheckpoint { _ in } }
        #expect(error == .noCheckpoint(folder: folder.url.path))
        #expect(error?.description == "\(folder.url.path): no checkpoint found (expected checkpoints/checkpoint-*.safetensors)")
    }

    /// A run resumed from the last good checkpoint with a damaged newer one beside it, keeping one
    /// checkpoint: pruning must not count the damaged file (named after a later step) as the one to
    /// keep and delete the good checkpoint just written. A dead writer's temporary file goes.
    @Test func resumingPastADamagedCheckpointKeepsTheNewGoodOnes() throws {
        let data = try folders.make(), out = try folders.make()
        try TrainingFixtures.imageFolder(in: data)
        let configuration = TrainingFixtures.configuration(data: data, checkpointEvery: 2, keepCheckpoints: 1)
        let folder = RunFolder(out)
        let first = try TrainingFixtures.run(configuration, folder: out)
        _ = try first.run(observer: TrainingRun.Observer(), shouldStop: { first.trainer.step == 4 })
        let good = folder.checkpointsFolder.appendingPathComponent(Checkpoint.fileName(step: 4))
        #expect(folder.checkpoints() == [good])

        let bytes = try Data(contentsOf: good)
        let damaged = folder.checkpointsFolder.appendingPathComponent(Checkpoint.fileName(step: 10))
        try bytes.prefix(bytes.count - 100).write(to: damaged)
        let temporary = folder.checkpointsFolder.appendingPathComponent("." + Checkpoint.fileName(step: 12) + ".4242.17.tmp")
        try bytes.prefix(1000).write(to: temporary)
        #expect(folder.abandonedTemporaryFiles() == [temporary])

        var warnings: [String] = []
        let resume = try folder.latestCheckpoint { warnings.append($0) }
        #expect(resume.1 == good && warnings.count == 1)
        let second = try TrainingFixtures.run(configuration, folder: out, resume: resume)
        let outcome = try second.run(observer: TrainingRun.Observer(), shouldStop: { second.trainer.step == 7 })
        guard case .interrupted(let seventh) = outcome else { Issue.record("not interrupted: \(outcome)"); return }
        #expect(folder.checkpoints() == [seventh, damaged])
        #expect(try folder.latestCheckpoint { _ in }.1 == seventh)
        #expect(folder.abandonedTemporaryFiles() == [])
    }
}
