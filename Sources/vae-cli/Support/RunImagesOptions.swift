import ArgumentParser
import Datasets
import VAE

/// The checkpoint and the images to run it on, for the commands that measure a trained VAE on
/// images (`evaluate`).
struct RunImagesOptions: ParsableArguments {
    @Option(help: "A checkpoint file, or a run folder (its newest checkpoint).")
    var checkpoint: String

    @OptionGroup var source: RunImageSource

    var data: [String] { source.data }
    var split: SplitName? { source.split }

    func images(for trained: TrainedVAE, count: Int) throws -> InputImages {
        try source.images(for: trained, count: count)
    }
}

/// The images to run a trained VAE on: `--data` and `--split`, by default the run's own test split.
struct RunImageSource: ParsableArguments {
    @Option(parsing: .upToNextOption,
            help: "An image folder, Fashion-MNIST's IDX folder or an IDX file, or image files (default: the run's data).")
    var data: [String] = []

    @Option(help: "Part of a data source: train, validation or test (default: its own test split if it has one, else all of it).")
    var split: SplitName?

    /// At most `count` images at the model's size. Without --data, the run's own test split, which
    /// the run's seed carves as training did when the data has none of its own, so these are
    /// images the model has not seen.
    func images(for trained: TrainedVAE, count: Int) throws -> InputImages {
        let configuration = trained.checkpoint.configuration
        do {
            return try InputImages(paths: data.isEmpty ? [configuration.data] : data, count: count,
                                   imageSize: trained.architecture.imageSize,
                                   split: split ?? (data.isEmpty ? .test : nil), seed: configuration.seed)
        } catch DatasetError.notFound(let path) where data.isEmpty {
            throw CLIError("\(path): the run's training data is not there; give images with --data")
        }
    }
}
