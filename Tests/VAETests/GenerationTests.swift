import Foundation
import ImageFiles
import NN
import Testing
import VAE

/// Loading a trained model from a checkpoint or run folder, and what `reconstruct`, `sample` and
/// `interpolate` compute with it, on a tiny architecture whose checkpoints the tests write.
@Suite struct GenerationTests {
    static let architecture = VAEArchitecture(imageSize: 32, latentDimension: 4, baseChannels: 4)

    /// A fresh model with weights from `seed`, so two seeds give two distinguishable checkpoints.
    static func model(seed: UInt64) -> ConvVAE {
        var g = SeededGenerator(seed: seed)
        return ConvVAE(architecture, generator: &g)
    }

    static func writeCheckpoint(_ model: ConvVAE, step: Int, to url: URL) throws {
        let configuration = TrainingConfiguration(data: "/nowhere", architecture: architecture)
        try Checkpoint(configuration: configuration, step: step, epoch: 0, batchInEpoch: step,
                       generator: SeededGenerator(seed: 1), model: model, optimizer: Adam()).write(to: url)
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("generation-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func images(_ n: Int, seed: UInt64) -> Tensor {
        var g = SeededGenerator(seed: seed)
        return Tensor.uniform(shape: [n, 3, 32, 32], using: &g)
    }

    static func maximumDifference(_ a: Tensor, _ b: Tensor) -> Float {
        precondition(a.shape == b.shape, "shapes \(a.shape) and \(b.shape)")
        return zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
    }

    // MARK: loading

    /// A file gives its own step; a run folder its newest checkpoint. Both restore the weights
    /// exactly, so the loaded model reconstructs as the saved one did.
    @Test func loadsFromAFileAndFromARunFolder() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = RunFolder(root)
        try folder.create()
        let older = Self.model(seed: 1), newer = Self.model(seed: 2)
        let olderFile = folder.checkpointsFolder.appendingPathComponent(Checkpoint.fileName(step: 3))
        try Self.writeCheckpoint(older, step: 3, to: olderFile)
        try Self.writeCheckpoint(newer, step: 7, to: folder.checkpointsFolder.appendingPathComponent(Checkpoint.fileName(step: 7)))

        let fromFile = try TrainedVAE(path: olderFile.path)
        #expect(fromFile.checkpoint.step == 3 && fromFile.file == olderFile)
        #expect(fromFile.architecture == Self.architecture)
        #expect(fromFile.model.parameters.map(\.value) == older.parameters.map(\.value))

        let fromFolder = try TrainedVAE(path: root.path)
        #expect(fromFolder.checkpoint.step == 7 && fromFolder.file.lastPathComponent == Checkpoint.fileName(step: 7))
        let x = Self.images(2, seed: 3)
        #expect(fromFolder.model.reconstruct(x) == newer.reconstruct(x))
        #expect(fromFolder.model.reconstruct(x) != fromFile.model.reconstruct(x))
    }

    /// A damaged newest checkpoint is reported and passed over for the one before it.
    @Test func aDamagedNewestCheckpointFallsBackToTheOneBefore() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = RunFolder(root)
        try folder.create()
        try Self.writeCheckpoint(Self.model(seed: 1), step: 3,
                                 to: folder.checkpointsFolder.appendingPathComponent(Checkpoint.fileName(step: 3)))
        try Data("truncated".utf8).write(to: folder.checkpointsFolder.appendingPathComponent(Checkpoint.fileName(step: 9)))
        var warnings: [String] = []
        let trained = try TrainedVAE(path: root.path) { warnings.append($0) }
        #expect(trained.checkpoint.step == 3)
        #expect(warnings.count == 1 && warnings[0].contains(Checkpoint.fileName(step: 9)))
    }

    @Test func loadingErrorsNameThePath() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let missing = root.appendingPathComponent("missing").path
        #expect(throws: CheckpointError.notFound(missing)) { try TrainedVAE(path: missing) }
        // A folder without checkpoints is no run folder.
        #expect(throws: CheckpointError.noCheckpoint(folder: root.path)) { try TrainedVAE(path: root.path) }
        // An image, or the JSON summary, given by mistake.
        let picture = root.appendingPathComponent("picture.png").path
        try Image(width: 4, height: 4, red: 1, green: 0, blue: 0).writePNG(to: picture)
        #expect(throws: CheckpointError.notACheckpoint(file: picture)) { try TrainedVAE(path: picture) }
        // A safetensors file that some other program wrote.
        let weights = root.appendingPathComponent("weights.safetensors")
        try SafeTensorsFile.write(["w": Tensor(zeros: [2])], to: weights)
        #expect(throws: CheckpointError.notACheckpoint(file: weights.path)) { try TrainedVAE(path: weights.path) }
        let message = String(describing: CheckpointError.notFound(missing))
        #expect(message.hasPrefix(missing + ": ") && !message.contains("\n"))
    }

    // MARK: pictures

    /// Pairs side by side, `pairsPerRow` pairs a row, 2-pixel padding: 5 pairs at 2 a row is
    /// 4 tiles wide, 3 rows high.
    @Test func reconstructionGridSize() {
        let x = Self.images(5, seed: 1)
        let grid = RunPictures.reconstructionGrid(originals: x, reconstructions: x, pairsPerRow: 2)
        #expect(grid.width == 4 * 32 + 5 * 2 && grid.height == 3 * 32 + 4 * 2)
    }

    /// One row: start, the steps, end; each tile where the grid puts it.
    @Test func interpolationStripSizeAndTiles() {
        let ends = Self.images(2, seed: 2)
        let path = Self.images(4, seed: 3)
        let strip = RunPictures.interpolationStrip(start: ends.slice(0), path: path, end: ends.slice(1))
        #expect(strip.width == 6 * 32 + 7 * 2 && strip.height == 32 + 2 * 2)
        let tiles = [ends.slice(0)] + (0..<4).map { path.slice($0) } + [ends.slice(1)]
        for (i, tile) in tiles.enumerated() {
            let left = 2 + i * 34
            #expect(strip.cropped(x: left, y: 2, width: 32, height: 32) == Image(tile))
        }
    }

    // MARK: generation

    /// The path's ends are the decodings of the two posterior means, i.e. the reconstructions,
    /// on either path, and step i decodes the path's point at i / (steps - 1).
    @Test(arguments: LatentInterpolation.allCases)
    func interpolationEndsAreTheReconstructions(_ path: LatentInterpolation) {
        let model = Self.model(seed: 4)
        let ends = Self.images(2, seed: 5)
        let steps = model.interpolate(from: ends.slice(0), to: ends.slice(1), steps: 5, path: path)
        #expect(steps.shape == [5, 3, 32, 32])
        let means = model.encodeMeans(ends)
        let first = model.decode(means.slice(0..<1), mode: .inference).slice(0)
        let last = model.decode(means.slice(1..<2), mode: .inference).slice(0)
        #expect(Self.maximumDifference(steps.slice(0), first) < 1e-6)
        #expect(Self.maximumDifference(steps.slice(4), last) < 1e-6)
        #expect(Self.maximumDifference(steps.slice(0), model.reconstruct(ends).slice(0)) < 1e-6)
        let quarter = path.point(from: means.slice(0).scalars, to: means.slice(1).scalars, fraction: 0.25)
        let decoded = model.decode(Tensor(shape: [1, 4], scalars: quarter), mode: .inference).slice(0)
        #expect(Self.maximumDifference(steps.slice(1), decoded) < 1e-6)
        #expect(means.slice(0) != means.slice(1))
    }

    /// Orthogonal codes of length 3: halfway, the straight line is at (a + b) / 2, length 3/√2;
    /// the sphere at (a + b) / √2, length 3. Both paths start and end exactly at the codes.
    @Test func sphericalAndLinearHalfwayBetweenOrthogonalCodes() {
        let a: [Float] = [3, 0, 0], b: [Float] = [0, 3, 0]
        let linear = LatentInterpolation.linear.point(from: a, to: b, fraction: 0.5)
        let spherical = LatentInterpolation.spherical.point(from: a, to: b, fraction: 0.5)
        #expect(linear == [1.5, 1.5, 0])
        let r = Float(3 / 2.0.squareRoot())
        #expect(abs(spherical[0] - r) < 1e-6 && abs(spherical[1] - r) < 1e-6 && spherical[2] == 0)
        for path in LatentInterpolation.allCases {
            #expect(path.point(from: a, to: b, fraction: 0) == a)
            #expect(path.point(from: a, to: b, fraction: 1) == b)
        }
        // Parallel codes leave no angle to turn through: the sphere's path is the line.
        #expect(LatentInterpolation.spherical.point(from: [1, 2], to: [2, 4], fraction: 0.5) == [1.5, 3])
    }

    /// Samples are the decodings of seeded N(0, I) codes, scaled by the temperature.
    @Test func samplesDecodeSeededCodesScaledByTheTemperature() {
        let model = Self.model(seed: 6)
        var g = SeededGenerator(seed: 11), same = SeededGenerator(seed: 11), codes = SeededGenerator(seed: 11)
        let images = model.sample(count: 3, temperature: 0.5, generator: &g)
        #expect(images.shape == [3, 3, 32, 32])
        #expect(model.sample(count: 3, temperature: 0.5, generator: &same) == images)
        var z = Tensor.normal(shape: [3, 4], using: &codes)
        z.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] *= 0.5 } }
        #expect(Self.maximumDifference(model.decode(z, mode: .inference), images) < 1e-6)
        var unscaled = SeededGenerator(seed: 11)
        #expect(model.sample(count: 3, generator: &unscaled) != images)
    }

    /// In inference mode an image's reconstruction does not depend on its batch, so long inputs
    /// can go through in pieces.
    @Test func reconstructionDoesNotDependOnTheBatch() {
        let model = Self.model(seed: 7)
        let x = Self.images(3, seed: 8)
        let together = model.reconstruct(x)
        #expect(together.shape == x.shape)
        for i in 0..<3 {
            #expect(Self.maximumDifference(together.slice(i), model.reconstruct(x.slice(i..<(i + 1))).slice(0)) < 1e-5)
        }
    }
}
