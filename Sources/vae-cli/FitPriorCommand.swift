import ArgumentParser
import Datasets
import Foundation
import NN
import VAE

/// `vae-cli fit-prior`: (re)fits the Gaussian-mixture prior of a trained run.
struct FitPriorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit-prior",
        abstract: "Fit a Gaussian mixture to a run's posterior means: the prior of sample --prior fitted.",
        discussion: """
        Encodes the run's own training images (its data, split seed and --limit, as train made them) \
        to their posterior means and fits a mixture of full-covariance Gaussians by EM (Ghosh et al. \
        2020, who use 10 components). Writes prior.safetensors into the run folder, replacing the one \
        train wrote at its end.
        """)

    @Option(help: "A checkpoint file, or a run folder (its newest checkpoint).")
    var checkpoint: String

    @Option(help: "Mixture components.")
    var components = FittedPrior.defaultComponents

    @Option(help: "Seed of EM's k-means++ start (default: the run's seed).")
    var seed: UInt64?

    func validate() throws {
        guard components > 0 else { throw ValidationError("--components must be positive") }
    }

    func run() throws {
        let trained = try TrainedVAE(path: checkpoint) { print("warning: \($0)") }
        print(trained.summary)
        let configuration = trained.checkpoint.configuration
        let skipped = SkipReport()
        let progress = ProgressLine("encoding the training images", total: nil, unit: "images")
        let means: Tensor
        do {
            means = try TrainingSetEncoding.posteriorMeans(model: trained.model, configuration: configuration,
                                                           skipped: skipped) { done, total in
                progress.update(Double(done), detail: "of \(total)", force: done == total)
            }
        } catch DatasetError.notFound(let path) {
            throw CLIError("\(path): the run's training data is not there, and the prior is fitted to it")
        }
        progress.finish()
        for entry in skipped.entries { print("skipped \(entry)") }
        let prior = try FittedPrior.fit(means: means, components: components, seed: seed ?? configuration.seed,
                                        checkpointStep: trained.checkpoint.step)
        let file = trained.runFolder.priorFile
        try prior.write(to: file)
        print(prior.summary)
        print("wrote \(file.path)")
    }
}
