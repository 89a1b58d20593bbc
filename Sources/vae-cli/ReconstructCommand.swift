import ArgumentParser
import FeatureNetworks
import Foundation
import NN
import PerceptualLoss
import VAE

/// `vae-cli reconstruct`: images beside what one or several trained VAEs make of them.
struct ReconstructCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconstruct",
        abstract: "Show images beside their reconstructions by trained VAEs, with LPIPS and PSNR.",
        discussion: """
        Each image is resized on its shorter side and centre-cropped to the model's size, encoded to \
        its posterior mean and decoded. Without --data, the images come from the data the run was \
        trained on: its test split (Fashion-MNIST's t10k file; for a folder without one, the part \
        training set aside with the run's seed), images the model has not seen. With several \
        --checkpoint options, the grid has the originals in its first column and one labelled \
        column per model (the first checkpoint's run gives the images); the models must share one \
        image size.
        """)

    @Option(name: .customLong("checkpoint"),
            help: "A checkpoint file, or a run folder (its newest checkpoint); repeat it for one column per model.")
    var checkpoints: [String]

    @Option(name: .customLong("label"), help: "A column's label, once per --checkpoint (default: the run folder's name).")
    var labels: [String] = []

    @OptionGroup var source: RunImageSource

    @Option(help: "Images to reconstruct.")
    var count = 16

    @Option(help: "Original-reconstruction pairs per row (one checkpoint; several draw one row per image).")
    var columns = 4

    @Option(help: "The PNG to write.")
    var out: String

    func validate() throws {
        guard !checkpoints.isEmpty else { throw ValidationError("give a model with --checkpoint") }
        guard labels.isEmpty || labels.count == checkpoints.count else {
            throw ValidationError("\(labels.count) --label for \(checkpoints.count) --checkpoint; give one per checkpoint or none")
        }
        guard count > 0 else { throw ValidationError("--count must be positive") }
        guard columns > 0 else { throw ValidationError("--columns must be positive") }
        try OutputFiles.validatePicture(out)
    }

    func run() throws {
        let models = try checkpoints.map { try TrainedVAE(path: $0) { print("warning: \($0)") } }
        for (path, trained) in zip(checkpoints, models) {
            print(trained.summary)
            let (size, first) = (trained.architecture.imageSize, models[0].architecture.imageSize)
            if size != first {
                throw CLIError("\(path): trained on \(size)x\(size) images, \(checkpoints[0]) on \(first)x\(first); "
                               + "one grid needs models of one image size")
            }
        }
        let inputs = try source.images(for: models[0], count: count)
        for file in inputs.skipped { print("skipped \(file)") }
        let lpips = try EmbeddedWeights.lpips()
        var columns: [(label: String, reconstructions: Tensor)] = []
        for (index, trained) in models.enumerated() {
            let reconstructions = trained.model.reconstruct(inputs.images)
            let distances = try lpips.distance(reconstructions, inputs.images)
            let psnr = peakSignalToNoiseRatio(reconstructions, inputs.images)
            let label = labels.isEmpty ? trained.runFolder.url.lastPathComponent : labels[index]
            let shortfall = inputs.count < count ? " (all there were)" : ""
            print(String(format: "%@%d images%@: LPIPS %.4f, PSNR %.2f dB (means)", models.count > 1 ? "\(label): " : "",
                         inputs.count, shortfall, mean(distances), mean(psnr)))
            columns.append((label, reconstructions))
        }
        let picture = models.count == 1
            ? RunPictures.reconstructionGrid(originals: inputs.images, reconstructions: columns[0].reconstructions,
                                             pairsPerRow: self.columns)
            : RunPictures.comparisonGrid(originals: inputs.images, models: columns).render()
        try OutputFiles.writePicture(picture, to: out)
        print("wrote \(out)")
    }

    private func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
}
