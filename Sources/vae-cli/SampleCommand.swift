import ArgumentParser
import ImageFiles
import NN
import VAE

/// `vae-cli sample`: images a trained VAE decodes from its prior.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Decode random latent codes z ~ N(0, I) into a grid of new images.",
        discussion: """
        With the default count and seed the grid is the run's own samples.png. A temperature below 1 \
        shrinks the codes towards the mean: more typical, less varied images.
        """)

    @Option(help: "A checkpoint file, or a run folder (its newest checkpoint).")
    var checkpoint: String

    @Option(help: "Images to draw.")
    var count = 64

    @Option(help: "Seed of the random codes.")
    var seed: UInt64 = TrainingRun.samplesSeed

    @Option(help: "Images per row.")
    var columns = 8

    @Option(help: "Scale of the codes' standard deviation.")
    var temperature: Float = 1

    @Option(help: "The PNG to write.")
    var out: String

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be positive") }
        guard columns > 0 else { throw ValidationError("--columns must be positive") }
        guard temperature > 0 && temperature.isFinite else { throw ValidationError("--temperature must be positive") }
        try OutputFiles.validatePicture(out)
    }

    func run() throws {
        let trained = try TrainedVAE(path: checkpoint) { print("warning: \($0)") }
        print(trained.summary)
        var generator = SeededGenerator(seed: seed)
        let images = trained.model.sample(count: count, temperature: temperature, generator: &generator)
        try OutputFiles.writePicture(Image(grid: images, columns: columns), to: out)
        print("wrote \(out)")
    }
}
