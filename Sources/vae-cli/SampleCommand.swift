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
        the mean: more typical, less varied images. Without --prior, a run with a fitted prior draws \
        from it: on the runs measured (docs/PERFORMANCE.md), its samples look like the training \
        images and their FD-AlexNet is about half that of N(0, I) draws, which are mostly blurs.
        """)

    @Option(help: "A checkpoint file, or a run folder (its newest checkpoint).")
    var checkpoint: String

    @Option(help: "Images to draw.")
    var count = 64

    @Option(help: "standard: z ~ N(0, I); fitted: the run's Gaussian mixture over its posterior means (see fit-prior). (default: fitted when the run has one, else standard)")
    var prior: PriorChoice?

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
        guard temperature == 1 || prior != .fitted else {
            throw ValidationError("--temperature applies to --prior standard only")
        }
        try OutputFiles.validatePicture(out)
    }

    func run() throws {
        let trained = try TrainedVAE(path: checkpoint) { print("warning: \($0)") }
        print(trained.summary)
        var generator = SeededGenerator(seed: seed)
        let images: Tensor
        if let fitted = try fittedPriorToDrawFrom(trained) {
            print(fitted.summary)
            if let warning = fitted.stalenessWarning(for: trained) { print(warning) }
            images = trained.model.decodeCodes(fitted.sample(count: count, generator: &generator))
        } else {
            images = trained.model.sample(count: count, temperature: temperature, generator: &generator)
        }
        try OutputFiles.writePicture(Image(grid: images, columns: columns), to: out)
        print("wrote \(out)")
    }

    /// The run's fitted prior, loaded once, or nil to draw from N(0, I). `--prior fitted` needs
    /// one; without `--prior` the run's is used where it has one (and no temperature asks for
    /// N(0, I)). A damaged prior file is reported rather than passed over silently.
    private func fittedPriorToDrawFrom(_ trained: TrainedVAE) throws -> FittedPrior? {
        guard (prior ?? (temperature == 1 ? .fitted : .standard)) == .fitted else { return nil }
        do {
            return try FittedPrior.load(for: trained)
        } catch FittedPriorError.missing where prior == nil {
            print("the run has no fitted prior (vae-cli fit-prior makes one): drawing z ~ N(0, I)")
            return nil
        } catch let error as FittedPriorError {
            throw CLIError(error.description)
        }
    }
}
