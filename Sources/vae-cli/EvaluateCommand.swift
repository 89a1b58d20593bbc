import ArgumentParser
import Datasets
import FeatureNetworks
import Foundation
import PerceptualLoss
import VAE

/// `vae-cli evaluate`: a trained VAE's figures on held-out images, as a table and as JSON.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure a trained VAE: its reconstructions' SSIM, PSNR, LPIPS and periodic artifacts, and FD-AlexNet.",
        discussion: """
        The images (by default the run's own test split) are reconstructed from their posterior means \
        and compared with SSIM (scikit-image's), PSNR, LPIPS and the periodic-artifact ratio (median \
        over the pairs). FD-AlexNet is the Fréchet distance between the images and each of: their \
        reconstructions, as many images decoded from z ~ N(0, I), and as many decoded from the run's \
        fitted prior (prior.safetensors; see fit-prior). It compares the embedded ImageNet AlexNet's \
        pool5 features, averaged over positions (256-d), of the images at the model's size (at least \
        64x64; --feature-size 224 for AlexNet's own), with float64 statistics. It is not FID: \
        Inception's weights are not here, and its numbers are not comparable with published FIDs. FD needs at least 257 images per set; with fewer its rows \
        give the reason and the other figures are still reported.
        """)

    @OptionGroup var source: RunImagesOptions

    // 1000 per set keeps the 256-d covariances well conditioned (about 4 samples per dimension;
    // 257 is the least for full rank) and a run short: on a 64x64 Fashion-MNIST model, 1000 test
    // images (5000 through the VAE and AlexNet at 64) took 14 s on two cores. FD's bias depends
    // on the count, so compare figures of equal counts.
    @Option(help: "Test images, and draws per prior; FD needs at least 257.")
    var count = 1000

    @Option(help: "Seed of the draws from the priors.")
    var seed: UInt64 = 1

    @Option(help: "The size AlexNet sees the images at (default: the model's, at least 64; AlexNet's own is 224).")
    var featureSize: Int?

    @Option(help: "The JSON report to write.")
    var out: String

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be positive") }
        try FeatureImageSize.validate(featureSize, option: "--feature-size")
        guard (out as NSString).pathExtension.lowercased() == "json" else {
            throw ValidationError("--out must name a .json file, not \(out)")
        }
    }

    func run() throws {
        let started = Date()
        let trained = try TrainedVAE(path: source.checkpoint) { print("warning: \($0)") }
        print(trained.summary)
        let configuration = trained.checkpoint.configuration
        let inputs = try source.images(for: trained, count: count)
        for file in inputs.skipped { print("skipped \(file)") }
        if inputs.count < count { print("the data has \(inputs.count) images, fewer than --count \(count): using all of them") }

        // No prior is no reason to stop: its FD row says why it is missing, the rest is measured.
        let prior: Result<FittedPrior, FittedPriorError>
        do {
            prior = .success(try FittedPrior.load(for: trained))
        } catch let error as FittedPriorError {
            prior = .failure(error)
            print("FD-AlexNet of fitted-prior samples skipped: \(error)")
        }
        if case .success(let fitted) = prior, let warning = fitted.stalenessWarning(for: trained) { print(warning) }
        let evaluation = ModelEvaluation(model: trained.model, features: try AlexNetFeatures(inputSize: featureSize
                                             ?? AlexNetFeatures.inputSize(forImageSize: trained.architecture.imageSize)),
                                         lpips: try EmbeddedWeights.lpips())
        // Images through the VAE and AlexNet, the unit of the work's cost.
        let work = inputs.count + evaluation.featureWork(count: inputs.count, hasFittedPrior: (try? prior.get()) != nil)
        let progress = ProgressLine("evaluating", total: Double(work), unit: "images")
        let (quality, distances) = try evaluation.run(images: inputs.images, fittedPrior: prior, seed: seed) { done, total in
            progress.update(Double(done), force: done == total)
        }
        progress.finish()
        let report = EvaluationReport(
            checkpoint: trained.file.path, step: trained.checkpoint.step,
            data: source.data.isEmpty ? configuration.data : source.data.joined(separator: " "),
            split: source.split?.rawValue ?? (source.data.isEmpty ? "test" : "default"), images: inputs.count, requestedImages: count,
            seed: seed, featureNetwork: evaluation.features.description, reconstruction: quality,
            fdAlexnet: distances, seconds: Date().timeIntervalSince(started))
        print(report.table)
        let folder = (out as NSString).deletingLastPathComponent
        if !folder.isEmpty { try OutputFiles.createFolder(folder) }
        try report.json().write(to: URL(fileURLWithPath: out), options: .atomic)
        print("wrote \(out)")
    }
}
