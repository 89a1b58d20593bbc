import ImageQuality
import NN
import PerceptualLoss
import Statistics

/// What `vae-cli evaluate` measures of a trained VAE on held-out images: the reconstructions'
/// SSIM, PSNR, LPIPS and periodic-artifact ratio, and FD-AlexNet between the images and each of
/// their reconstructions, draws from N(0, I) and draws from the fitted prior.
///
/// Everything goes through in batches of `batchSize` (the VAE, then AlexNet at its input size), and only
/// the 256-d features of each set are kept, so memory does not grow with the generated sets.
public final class ModelEvaluation {
    public static let batchSize = 64

    public let model: ConvVAE
    public let features: AlexNetFeatures
    private let lpips: LPIPS

    public init(model: ConvVAE, features: AlexNetFeatures, lpips: LPIPS) {
        self.model = model
        self.features = features
        self.lpips = lpips
    }

    /// The fewest images per set for FD-AlexNet: a 256-d covariance has full rank only from
    /// D + 1 = 257 samples (Statistics.FrechetDistance refuses fewer).
    public var minimumImagesForFrechet: Int { features.dimension + 1 }

    /// Images that go through AlexNet for `count` test images: the images, their reconstructions
    /// and a set of draws per prior there is; none when there are too few for FD. For the
    /// progress line's total.
    public func featureWork(count: Int, hasFittedPrior: Bool) -> Int {
        count < minimumImagesForFrechet ? 0 : count * (hasFittedPrior ? 4 : 3)
    }

    /// Measures `images` [N, 3, S, S] in [0, 1]. `fittedPrior` is the prior or the reason there is
    /// none (reported in its FD row). The draws' noise comes from `seed` (N(0, I) from the seed,
    /// the mixture from the next one), so a report is reproducible. `progress(done, total)`
    /// counts images through the VAE and AlexNet.
    public func run(images: Tensor, fittedPrior: Result<FittedPrior, FittedPriorError>, seed: UInt64,
                    progress: (Int, Int) -> Void = { _, _ in }) throws -> (ReconstructionQuality, FrechetDistances) {
        let n = images.shape[0]
        let prior = try? fittedPrior.get()
        let total = n + featureWork(count: n, hasFittedPrior: prior != nil)
        var done = 0
        func advance(_ count: Int) { done += count; progress(done, total) }
        let computesFrechet = n >= minimumImagesForFrechet

        var ssim: [Double] = [], psnr: [Double] = [], distances: [Double] = [], artifacts: [Double] = []
        var realFeatures: [Tensor] = [], reconstructionFeatures: [Tensor] = []
        for start in stride(from: 0, to: n, by: Self.batchSize) {
            let batch = images.slice(start..<min(start + Self.batchSize, n))
            let reconstruction = model.reconstruct(batch)
            ssim += try SSIM.mean(reconstruction, batch)
            psnr += peakSignalToNoiseRatio(reconstruction, batch)
            distances += try lpips.distance(reconstruction, batch)
            artifacts += try PeriodicArtifactRatio.ratios(reconstructions: reconstruction, originals: batch)
            advance(batch.shape[0])
            if computesFrechet {
                realFeatures.append(try features.features(batch, progress: advance))
                reconstructionFeatures.append(try features.features(reconstruction, progress: advance))
            }
        }
        let quality = ReconstructionQuality(ssimMean: Self.mean(ssim), psnrMean: Self.mean(psnr),
                                            lpipsMean: Self.mean(distances),
                                            periodicArtifactRatioMedian: PeriodicArtifactRatio.median(artifacts))
        guard computesFrechet else {
            let reason = FrechetOutcome(error: "FD-AlexNet needs at least \(minimumImagesForFrechet) images per set for a "
                                            + "\(features.dimension)-d covariance of full rank; there are \(n) (give --count "
                                            + "\(minimumImagesForFrechet) or more, and data with that many)")
            return (quality, FrechetDistances(reconstructions: reason, standardPrior: reason, fittedPrior: reason))
        }
        let real = Tensor(concatenating: realFeatures)
        let reconstructions = Self.frechet(real, Tensor(concatenating: reconstructionFeatures))

        var standardGenerator = SeededGenerator(seed: seed)
        let standard = Self.frechet(real, try generatedFeatures(count: n, progress: advance) { count in
            Tensor.normal(shape: [count, self.model.architecture.latentDimension], using: &standardGenerator)
        })
        let fitted: FrechetOutcome
        switch fittedPrior {
        case .success(let prior):
            var mixtureGenerator = SeededGenerator(seed: seed &+ 1)
            fitted = Self.frechet(real, try generatedFeatures(count: n, progress: advance) { count in
                prior.sample(count: count, generator: &mixtureGenerator)
            })
        case .failure(let reason):
            fitted = FrechetOutcome(error: reason.description)
        }
        return (quality, FrechetDistances(reconstructions: reconstructions, standardPrior: standard, fittedPrior: fitted))
    }

    /// AlexNet features of `count` images decoded from codes that `codes(batch)` draws, batch by batch.
    private func generatedFeatures(count: Int, progress: (Int) -> Void,
                                   codes: (Int) -> Tensor) throws -> Tensor {
        var rows: [Tensor] = []
        for start in stride(from: 0, to: count, by: Self.batchSize) {
            let decoded = model.decode(codes(min(Self.batchSize, count - start)), mode: .inference)
            rows.append(try features.features(decoded, progress: progress))
        }
        return Tensor(concatenating: rows)
    }

    /// FD between two feature sets [N, D], in float64; Statistics' refusal (too few samples, a
    /// non-finite feature from a broken model) becomes the row's reason.
    public static func frechet(_ a: Tensor, _ b: Tensor) -> FrechetOutcome {
        do {
            let distance = try FrechetDistance(SampleMatrix(rows: a.shape[0], columns: a.shape[1], floats: a.scalars),
                                               SampleMatrix(rows: b.shape[0], columns: b.shape[1], floats: b.scalars))
            return FrechetOutcome(value: distance.value, meanTerm: distance.meanTerm, covarianceTerm: distance.covarianceTerm)
        } catch {
            return FrechetOutcome(error: "\(error)")
        }
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
}
