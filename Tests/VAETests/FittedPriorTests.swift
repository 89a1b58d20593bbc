import Foundation
import NN
import Testing
import VAE

/// The fitted prior's file and draws, and FD-AlexNet's feature path.
@Suite struct FittedPriorTests {
    let folders = TemporaryFolders()

    /// Codes in three clusters, 60 each, in 4 dimensions.
    static func clusteredCodes() -> Tensor {
        var g = SeededGenerator(seed: 3)
        var codes = Tensor.normal(shape: [180, 4], using: &g)
        codes.withUnsafeMutableBufferPointer { p in
            for row in 0..<180 { p[row * 4] += Float(row / 60) * 6 }
        }
        return codes
    }

    /// The file holds the mixture's float64 arrays and the metadata; reading it gives the same
    /// prior bit for bit, and its draws are the same for the same seed.
    @Test func thePriorFileRoundTrips() throws {
        let prior = try FittedPrior.fit(means: Self.clusteredCodes(), components: 3, seed: 9, checkpointStep: 42)
        #expect(prior.components == 3 && prior.latentDimension == 4 && prior.trainingImages == 180)
        let file = try folders.make().appendingPathComponent("prior.safetensors")
        try prior.write(to: file)
        let read = try FittedPrior(contentsOf: file)
        #expect(read == prior)
        #expect(read.checkpointStep == 42 && read.seed == 9)
        var a = SeededGenerator(seed: 1), b = SeededGenerator(seed: 1)
        let draws = read.sample(count: 300, generator: &a)
        #expect(draws.shape == [300, 4] && draws == prior.sample(count: 300, generator: &b))
        // The three clusters' means come back: the draws' first coordinate covers 0, 6 and 12.
        let first = (0..<300).map { draws[flat: $0 * 4] }
        for centre in [Float(0), 6, 12] {
            #expect(first.filter { abs($0 - centre) < 1.5 }.count > 50, "no draws near \(centre)")
        }
    }

    @Test func moreComponentsThanImagesAndDamagedFilesAreClearErrors() throws {
        #expect(throws: FittedPriorError.tooManyComponents(components: 200, images: 180)) {
            try FittedPrior.fit(means: Self.clusteredCodes(), components: 200, seed: 1, checkpointStep: 1)
        }
        let file = try folders.make().appendingPathComponent("prior.safetensors")
        try SafeTensorsFile.write(["w": Tensor(zeros: [2])], to: file)
        let error = TrainingFixtures.failure(FittedPriorError.self) { _ = try FittedPrior(contentsOf: file) }
        #expect(error == .unreadable(file: file.path, reason: "no format \"vae-cli-prior\""))
    }

    /// FD-AlexNet of a set against itself, its features computed in other batches (the images in
    /// reverse order), is 0 up to float rounding; against other images it is not.
    @Test func frechetDistanceOfASetAgainstItselfIsNearZero() throws {
        let features = try AlexNetFeatures(inputSize: 64)
        var g = SeededGenerator(seed: 4)
        let images = Tensor.uniform(shape: [257, 3, 32, 32], using: &g)
        let reversed = Tensor(stacking: (0..<257).reversed().map { images.slice($0) })
        let a = try features.features(images), b = try features.features(reversed)
        #expect(a.shape == [257, 256])
        let same = ModelEvaluation.frechet(a, b)
        let value = try #require(same.value, "\(same.error ?? "")")
        // The scale it is near 0 against: tr Σ, the features' total variance.
        let trace = (0..<256).map { column -> Double in
            let values = (0..<257).map { Double(a[flat: $0 * 256 + column]) }
            let mean = values.reduce(0, +) / 257
            return values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 256
        }.reduce(0, +)
        #expect(trace > 0 && value < 1e-6 * trace, "\(same), tr Σ \(trace)")
        let other = ModelEvaluation.frechet(a, a.slice(0..<200))
        #expect(other.error?.contains("needed 257, got 200") == true, "\(other)")
    }
}
