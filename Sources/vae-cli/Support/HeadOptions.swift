import ArgumentParser
import Classifier

/// How `classify train`, `sweep` and `transfer` train their heads, and over which seeds.
struct HeadOptions: ParsableArguments {
    @Option(help: "Hidden layer sizes of the head, comma-separated; 'none' for a linear head.")
    var hidden = "512"

    @Option(help: "Dropout after each hidden layer.")
    var dropout: Float = 0.5

    @Option(help: "Most training epochs.")
    var epochs = 50

    @Option(help: "Stop after this many epochs without a better validation accuracy.")
    var patience = 10

    @Option(help: "Head training batch size.")
    var batchSize = 64

    @Option(help: "Adam's learning rate.")
    var learningRate = 1e-3

    @Option(help: "L2 weight decay.")
    var weightDecay = 0.0

    @Option(help: "Runs (seeds seed, seed+1, ...); tables show mean ± std.")
    var repeats = 1

    @Option(help: "Seed of the first run (splits when carved, head initialisation, batch order).")
    var seed: UInt64 = 0

    @Option(help: "Seed of the untrained 'random' control network.")
    var randomSeed: UInt64 = 0

    @Option(help: "Cache folder for weights and features (default: $VAE_CLI_CACHE, $XDG_CACHE_HOME/vae-cli, ~/.cache/vae-cli).")
    var cacheDir: String?

    @Option(help: ArgumentHelp("Feature input size instead of each network's own (quick experiments).", visibility: .hidden))
    var imageSize: Int?

    func validate() throws {
        _ = try hiddenSizes()
        guard (0..<1).contains(dropout) else { throw ValidationError("--dropout must lie in [0, 1)") }
        guard epochs > 0, patience > 0, batchSize > 0, repeats > 0, learningRate > 0, weightDecay >= 0 else {
            throw ValidationError("--epochs, --patience, --batch-size, --repeats and --learning-rate must be positive")
        }
        try FeatureImageSize.validate(imageSize)
    }

    func hiddenSizes() throws -> [Int] {
        if hidden == "none" { return [] }
        let sizes = commaSeparated(hidden).map { Int($0) }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("--hidden takes positive sizes like 512 or 1024,256, or 'none'")
        }
        return sizes.map { $0! }
    }

    var training: HeadTraining {
        HeadTraining(epochs: epochs, batchSize: batchSize, learningRate: learningRate, weightDecay: weightDecay,
                     patience: patience)
    }
}
