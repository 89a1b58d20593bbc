import ArgumentParser
import VAE

/// `vae-cli interpolate`: a walk through the latent space from one image to another.
struct InterpolateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interpolate",
        abstract: "Decode points on the path between two images' latent codes into a strip.",
        discussion: """
        The strip shows the first image, the decoded points (the first and last are the two images' \
        reconstructions) and the second image. Both images are resized and centre-cropped to the \
        model's size and encoded to their posterior means.
        """)

    @Option(help: "A checkpoint file, or a run folder (its newest checkpoint).")
    var checkpoint: String

    @Option(help: "The image to start from (PNG or JPEG).")
    var from: String

    @Option(help: "The image to end at (PNG or JPEG).")
    var to: String

    @Option(help: "Decoded points, both ends included.")
    var steps = 10

    @Flag(help: "Walk along the sphere (slerp) rather than the straight line, keeping the codes' length.")
    var spherical = false

    @Option(help: "The PNG to write.")
    var out: String

    func validate() throws {
        guard steps >= 2 else { throw ValidationError("--steps must be at least 2 (the two ends)") }
        try OutputFiles.validatePicture(out)
    }

    func run() throws {
        let trained = try TrainedVAE(path: checkpoint) { print("warning: \($0)") }
        print(trained.summary)
        let size = trained.architecture.imageSize
        let start = try InputImages.load(file: from, imageSize: size)
        let end = try InputImages.load(file: to, imageSize: size)
        let path = trained.model.interpolate(from: start, to: end, steps: steps,
                                             path: spherical ? .spherical : .linear)
        try OutputFiles.writePicture(RunPictures.interpolationStrip(start: start, path: path, end: end), to: out)
        print("wrote \(out)")
    }
}
