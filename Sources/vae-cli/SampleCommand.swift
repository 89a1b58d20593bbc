import ArgumentParser
import ImageFiles
import NN
import VAE

/// `vae-cli sample`: images a trained VAE decodes from its prior.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Decode random latent codes into a grid of new images.",
        discussion: """
        --prior standard draws z ~ N(0, I), the prior the VAE was trained towards; with the default \
        count and seed the grid is the run's own samples.png. --prior fitted draws from the run's \
        fitted prior (prior.safetensors, written by train at its end or by fit-prior): a Gaussian \
        mixture over the training images' posterior means, where the encoder actually puts images, \
        which the decoder has learnt to decode. A temperature below 1 shrinks N(0, I) codes towards \
        the mean: more typical, less varied images.
        """)

    @Option(help: "A checkpoint file, or a run folder (its newest checkpoint).")
    var checkpoint: String

    @Option(help: "Images to draw.")
    var count = 64

    @Option(help: "standard: z ~ N(0, I); fitted: the run's Gaussian mixture over its posterior means (see fit-prior).")
    var prior: PriorChoice = .standard

    @Option(help: "Seed of the random codes.")
    var seed: UInt64 = TrainingRun.samplesSeed

    @Option(help: "Images per row.")
    var columns = 8

    @Option(help: "Scale of the codes' standard deviation (--prior standard only).")
    var temperature: Float = 1

    @Option(help: "The PNG to write.")
    var out: String

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be positive") }
        guard columns > 0 else { throw ValidationError("--columns must be positive") }
        guard temperature > 0 && temperature.isFinite else { throw ValidationError("--temperature must be positive") }
        guard temperature == 1 || prior == .standard else {
            throw ValidationError("--temperature applies to --prior standard only")
        }
        try OutputFiles.validatePicture(out)
    }

    func run() throws {
        let trained = try TrainedVAE(path: checkpoint) { print("warning: \($0)") }
        print(trained.summary)
        var generator = SeededGenerator(seed: seed)
        let images: Tensor
        switch prior {
        case .standard:
            images = trained.model.sample(count: count, temperature: temperature, generator: &generator)
        case .fitted:
            let fitted: FittedPrior
            do {
                fitted = try FittedPrior.load(for: trained)
            } catch let error as FittedPriorError {
                throw CLIError(error.description)
            }
            print(fitted.summary)
            if fitted.checkpointStep != trained.checkpoint.step {
                print("warning: the prior was fitted at step \(fitted.checkpointStep), the checkpoint is at step "
                      + "\(trained.checkpoint.step); refit it with vae-cli fit-prior")
            }
            images = trained.model.decodeCodes(fitted.sample(count: count, generator: &generator))
        }
        try OutputFiles.writePicture(Image(grid: images, columns: columns), to: out)
        print("wrote \(out)")
    }
}
