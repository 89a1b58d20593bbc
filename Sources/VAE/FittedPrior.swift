import Foundation
import NN
import Statistics

/// A prior fitted to a trained VAE's posterior means (Ghosh et al. 2020, "From Variational to
/// Deterministic Autoencoders"): a mixture of full-covariance Gaussians, fitted by EM to the
/// means of the run's training images. A VAE's aggregate posterior rarely fills N(0, I) evenly;
/// codes drawn where the encoder actually puts images decode to more typical ones.
///
/// Kept as `prior.safetensors` in the run folder: the mixture's arrays as float64 tensors (so
/// they load back exactly), and in the metadata the step of the checkpoint it was fitted to, the
/// seed and the number of training images. Written atomically.
public struct FittedPrior: Equatable {
    public static let format = "vae-cli-prior"
    public static let version = 1
    /// Ghosh et al.'s choice: 10 full-covariance components.
    public static let defaultComponents = 10

    public let mixture: GaussianMixture
    /// The checkpoint step whose encoder gave the means.
    public let checkpointStep: Int
    /// The seed of EM's k-means++ start.
    public let seed: UInt64
    /// Posterior means the mixture was fitted to.
    public let trainingImages: Int

    public init(mixture: GaussianMixture, checkpointStep: Int, seed: UInt64, trainingImages: Int) {
        self.mixture = mixture
        self.checkpointStep = checkpointStep
        self.seed = seed
        self.trainingImages = trainingImages
    }

    /// Fits `components` Gaussians to posterior means [N, latent].
    public static func fit(means: Tensor, components: Int, seed: UInt64, checkpointStep: Int) throws -> FittedPrior {
        let n = means.shape[0]
        guard components <= n else { throw FittedPriorError.tooManyComponents(components: components, images: n) }
        do {
            let samples = try SampleMatrix(rows: n, columns: means.shape[1], floats: means.scalars)
            let mixture = try GaussianMixture.fit(samples, components: components, seed: seed)
            return FittedPrior(mixture: mixture, checkpointStep: checkpointStep, seed: seed, trainingImages: n)
        } catch let error as StatisticsError {
            throw FittedPriorError.fitFailed(reason: error.description)
        }
    }

    public var components: Int { mixture.componentCount }
    public var latentDimension: Int { mixture.dimension }

    /// `count` codes [count, latent] drawn from the mixture.
    public func sample(count: Int, generator: inout SeededGenerator) -> Tensor {
        // Cannot throw: count is not negative and the draws of a valid mixture are finite.
        let draws = try! mixture.sample(count: count, generator: &generator)
        return Tensor(shape: [count, latentDimension], scalars: draws.floats)
    }

    /// One line for the user.
    public var summary: String {
        let iterations = mixture.logLikelihoodHistory.count
        let fit = iterations == 0 ? "" : String(format: ", mean log-likelihood %.3f after %d EM iterations%@",
                                                mixture.logLikelihoodHistory.last!, iterations,
                                                mixture.converged ? "" : " (not converged)")
        return "\(components)-component Gaussian mixture over \(latentDimension) latent dimensions, fitted to "
            + "\(trainingImages) training images' posterior means at step \(checkpointStep)\(fit)"
    }

    public func write(to url: URL) throws {
        let shapes = mixture.parameterShapes
        let arrays = mixture.parameters.reduce(into: [String: (shape: [Int], values: [Double])]()) {
            $0[$1.key] = (shapes[$1.key]!, $1.value)
        }
        try SafeTensorsFile.write(float64: arrays, metadata: [
            "format": Self.format, "version": "\(Self.version)", "checkpoint_step": "\(checkpointStep)",
            "seed": "\(seed)", "training_images": "\(trainingImages)",
        ], to: url)
    }

    public init(contentsOf url: URL) throws {
        do {
            let file = try SafeTensorsFile(contentsOf: url)
            let meta = file.metadata
            guard meta["format"] == Self.format else { throw FittedPriorError.unreadable(file: url.path, reason: "no format \"\(Self.format)\"") }
            guard meta["version"] == "\(Self.version)" else {
                throw FittedPriorError.unreadable(file: url.path, reason: "version \(meta["version"] ?? "none")")
            }
            guard let step = meta["checkpoint_step"].flatMap(Int.init), let seed = meta["seed"].flatMap(UInt64.init),
                  let images = meta["training_images"].flatMap(Int.init) else {
                throw FittedPriorError.unreadable(file: url.path, reason: "metadata incomplete")
            }
            var parameters: [String: [Double]] = [:]
            for name in file.names { parameters[name] = try file.doubles(named: name) }
            self.init(mixture: try GaussianMixture(parameters: parameters), checkpointStep: step, seed: seed,
                      trainingImages: images)
        } catch let error as FittedPriorError {
            throw error
        } catch {
            throw FittedPriorError.unreadable(file: url.path, reason: "\(error)")
        }
    }

    /// A warning when the prior was fitted to an earlier checkpoint than `trained`'s: its draws
    /// then come from where an older encoder put the images.
    public func stalenessWarning(for trained: TrainedVAE) -> String? {
        guard checkpointStep != trained.checkpoint.step else { return nil }
        return "warning: the prior was fitted at step \(checkpointStep), the checkpoint is at step "
            + "\(trained.checkpoint.step); refit it with vae-cli fit-prior"
    }

    /// The prior of `trained`'s run, checked against its model; `missing` when there is none.
    public static func load(for trained: TrainedVAE) throws -> FittedPrior {
        let file = trained.runFolder.priorFile
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw FittedPriorError.missing(runFolder: trained.runFolder.url.path)
        }
        let prior = try FittedPrior(contentsOf: file)
        guard prior.latentDimension == trained.architecture.latentDimension else {
            throw FittedPriorError.latentMismatch(file: file.path, prior: prior.latentDimension,
                                                  model: trained.architecture.latentDimension)
        }
        return prior
    }
}
