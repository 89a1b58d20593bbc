import Foundation
import ImageFiles
import NN
import Plots
import Testing
import VAE

/// `vae-cli reconstruct` with one and with several checkpoints, checked pixel by pixel against the
/// reconstructions computed here, and its bad inputs.
@Suite struct ReconstructCommandTests {
    let folders = TemporaryFolders()

    static func run(_ arguments: [String]) throws -> TrainCommandTests.Outcome {
        try TrainCommandTests.shell("exec \"$0\" \"$@\"", arguments)
    }

    /// Every pixel of `tile` (enlarged `scale` times) at `origin` in `picture`, to 8-bit rounding.
    static func mismatches(_ picture: Image, tile: Tensor, at origin: (x: Int, y: Int), scale: Int) -> Int {
        let (height, width) = (tile.shape[1], tile.shape[2])
        var count = 0
        for c in 0..<3 {
            for y in 0..<(height * scale) {
                for x in 0..<(width * scale) {
                    let expected = (min(max(tile.scalars[(c * height + y / scale) * width + x / scale], 0), 1) * 255).rounded()
                    if abs(picture[c, origin.y + y, origin.x + x] * 255 - expected) > 1.01 { count += 1 }
                }
            }
        }
        return count
    }

    /// Two runs' models in one grid: originals first, then each model's reconstructions in its
    /// labelled column; the labels are the run folders' names unless --label gives them.
    @Test func oneColumnPerModel() throws {
        let data = try folders.make()
        try TrainingFixtures.imageFolder(perClass: 2, in: data)
        let runs = try [folders.make("alpha"), folders.make("beta")]
        let checkpoints = try runs.enumerated().map { try CheckpointTests.writeCheckpoint(step: 3 + $0.offset, in: RunFolder($0.element)) }
        let png = try folders.make().appendingPathComponent("grid.png")
        let result = try Self.run(["reconstruct", "--checkpoint", runs[0].path, "--checkpoint", checkpoints[1].path,
                                   "--data", data.path, "--count", "3", "--out", png.path])
        #expect(result.process.terminationStatus == 0, "\(result.error)")
        #expect(result.output.contains("\(runs[0].lastPathComponent): 3 images: LPIPS "), "\(result.output)")

        let inputs = try InputImages(paths: [data.path], count: 3, imageSize: 32)
        let models = try checkpoints.map { try TrainedVAE(path: $0.path) }
        let reconstructions = models.map { $0.model.reconstruct(inputs.images) }
        #expect(GenerationTests.maximumDifference(reconstructions[0], reconstructions[1]) > 0.01, "two distinct models")
        let labels = runs.map(\.lastPathComponent)
        let grid = RunPictures.comparisonGrid(originals: inputs.images, models: Array(zip(labels, reconstructions)))
        let picture = try Image(contentsOfFile: png.path)
        let expected = grid.render()
        #expect((picture.width, picture.height) == (expected.width, expected.height))
        #expect(grid.scale == 2 && grid.columns.map(\.label) == ["original"] + labels)
        for row in 0..<3 {
            let tiles = [inputs.images.slice(row)] + reconstructions.map { $0.slice(row) }
            for (column, tile) in tiles.enumerated() {
                let origin = grid.tileOrigin(row: row, column: column)
                #expect(Self.mismatches(picture, tile: tile, at: origin, scale: 2) == 0, "row \(row), column \(column)")
            }
        }
        // Each column's label is inked above its first tile.
        for column in 0..<3 {
            let origin = grid.tileOrigin(row: 0, column: column)
            let inked = (ColumnGrid.margin..<origin.y).contains { y in
                (origin.x..<origin.x + 64).contains { x in picture[0, y, x] < 0.2 }
            }
            #expect(inked, "label of column \(column)")
        }

        // --label names the columns instead.
        let labelled = try Self.run(["reconstruct", "--checkpoint", runs[0].path, "--checkpoint", runs[1].path, "--label", "perceptual",
                                     "--label", "pixel", "--data", data.path, "--count", "3", "--out", png.path])
        #expect(labelled.process.terminationStatus == 0, "\(labelled.error)")
        #expect(labelled.output.contains("perceptual: 3 images: LPIPS ") && labelled.output.contains("pixel: 3 images: LPIPS "))
    }

    /// One checkpoint keeps the pairs grid: original and reconstruction side by side, --columns pairs a row.
    @Test func oneCheckpointKeepsThePairsGrid() throws {
        let data = try folders.make(), run = try folders.make()
        try TrainingFixtures.imageFolder(perClass: 2, in: data)
        let checkpoint = try CheckpointTests.writeCheckpoint(step: 2, in: RunFolder(run))
        let png = try folders.make().appendingPathComponent("pairs.png")
        let result = try Self.run(["reconstruct", "--checkpoint", run.path, "--data", data.path, "--count", "5",
                                   "--columns", "2", "--out", png.path])
        #expect(result.process.terminationStatus == 0, "\(result.error)")
        #expect(result.output.contains("\n5 images: LPIPS "), "\(result.output)")
        let inputs = try InputImages(paths: [data.path], count: 5, imageSize: 32)
        let reconstructions = try TrainedVAE(path: checkpoint.path).model.reconstruct(inputs.images)
        let picture = try Image(contentsOfFile: png.path)
        // Four tiles a row (two pairs), 32 pixels and a 2-pixel gap each: 4·32 + 5·2 wide, 3 rows.
        #expect((picture.width, picture.height) == (138, 3 * 32 + 4 * 2))
        for i in 0..<5 {
            for (k, batch) in [inputs.images, reconstructions].enumerated() {
                let tile = 2 * i + k
                let origin = (x: 2 + tile % 4 * 34, y: 2 + tile / 4 * 34)
                #expect(Self.mismatches(picture, tile: batch.slice(i), at: origin, scale: 1) == 0, "image \(i), tile \(k)")
            }
        }
    }

    @Test func badInputsAreOneLine() throws {
        let small = try folders.make(), large = try folders.make(), data = try folders.make()
        try TrainingFixtures.imageFolder(perClass: 1, in: data)
        try CheckpointTests.writeCheckpoint(step: 2, in: RunFolder(small))
        let largeCheckpoint = try CheckpointTests.writeCheckpoint(VAEArchitecture(imageSize: 64, latentDimension: 8, baseChannels: 4),
                                                                  step: 2, in: RunFolder(large))
        let png = try folders.make().appendingPathComponent("x.png").path
        let sizes = try Self.run(["reconstruct", "--checkpoint", small.path, "--checkpoint", large.path, "--data", data.path,
                                  "--out", png])
        #expect(sizes.process.terminationStatus == 1)
        #expect(sizes.error == "Error: \(large.path): trained on 64x64 images, \(small.path) on 32x32; one grid needs models of one image size\n",
                "\(sizes.error)")
        #expect(sizes.output.contains(largeCheckpoint.path))
        let labels = try Self.run(["reconstruct", "--checkpoint", small.path, "--checkpoint", small.path, "--label", "one",
                                   "--out", png])
        #expect(labels.process.terminationStatus == 64)
        #expect(labels.error.hasPrefix("Error: 1 --label for 2 --checkpoint; give one per checkpoint or none\n"), "\(labels.error)")
        let missing = try Self.run(["reconstruct", "--checkpoint", small.path, "--checkpoint", "/no/such/run", "--out", png])
        #expect(missing.process.terminationStatus == 1 && missing.error.hasPrefix("Error: /no/such/run") && missing.error.filter { $0 == "\n" }.count == 1,
                "\(missing.error)")
        #expect(!FileManager.default.fileExists(atPath: png))
    }
}
