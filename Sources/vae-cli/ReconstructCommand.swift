import ArgumentParser
import FeatureNetworks
import Foundation
import PerceptualLoss
import VAE

/// `vae-cli reconstruct`: images beside what a trained VAE makes of them.
struct ReconstructCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconstruct",
        abstract: "Show images beside their reconstructions by a trained VAE, with LPIPS and PSNR.",
        discussion: """
        Each image is resized on its shorter side and centre-cropped to the model's size, encoded to \
        its posterior mean and decoded. Without --data, the images come from the data the run was \
        trained on: its test split (Fashion-MNIST's t10k file; for a folder without one, the part \
        training set aside with the run's seed), images the model has not seen.
        """)

    @OptionGroup var source: RunImagesOptions

    @Option(help: "Images to reconstruct.")
    var count = 16

    @Option(help: "Original-reconstruction pairs per row.")
    var columns = 4

    @Option(help: "The PNG to write.")
    var out: String

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be positive") }
        guard columns > 0 else { throw ValidationError("--columns must be positive") }
        try OutputFiles.validatePicture(out)
    }

    func run() throws {
        let trained = try TrainedVAE(path: source.checkpoint) { print("warning: \($0)") }
        print(trained.summary)
        let inputs = try source.images(for: trained, count: count)
        for file in inputs.skipped { print("skipped \(file)") }
        let reconstructions = trained.model.reconstruct(inputs.images)
        let distances = try EmbeddedWeights.lpips().distance(reconstructions, inputs.images)
        let psnr = peakSignalToNoiseRatio(reconstructions, inputs.images)
        try OutputFiles.writePicture(RunPictures.reconstructionGrid(originals: inputs.images, reconstructions: reconstructions,
                                                             pairsPerRow: columns), to: out)
        let shortfall = inputs.count < count ? " (all there were)" : ""
        print(String(format: "%d images%@: LPIPS %.4f, PSNR %.2f dB (means)", inputs.count, shortfall,
                     mean(distances), mean(psnr)))
        print("wrote \(out)")
    }

    private func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
}
