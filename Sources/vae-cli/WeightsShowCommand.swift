import ArgumentParser
import Classifier
import FeatureNetworks
import Plots

/// `vae-cli weights show SET [SET...] --layer conv1 --out filters.png`: the filters, side by side.
struct WeightsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Draw a convolution layer's filters, one panel per weight set, side by side.",
        discussion: """
        Each filter is normalised to its own range: its smallest weight black, its largest white. \
        Filters on three input channels (conv1 on RGB images) are drawn in colour; a deeper layer's \
        filters, which have one slice per input channel, are drawn as the mean of those slices, in \
        grey. Filters are enlarged to about 48 pixels (an 11x11 filter 4 times).
        """)

    @Argument(help: "Weight sets: imagenet, random, a set from 'weights list', or a .caffemodel/.safetensors path.")
    var sets: [String]

    @Option(help: "The convolution whose filters are drawn.")
    var layer = "conv1"

    @Option(help: "The PNG to write.")
    var out: String

    @Option(help: "Seed of the untrained 'random' control network.")
    var randomSeed: UInt64 = 0

    @OptionGroup var cache: WeightCacheOption

    func validate() throws {
        guard !sets.isEmpty else { throw ValidationError("name at least one weight set") }
        try OutputFiles.validatePicture(out)
    }

    func run() throws {
        let store = FeatureNetworkLoader.store(cacheOverride: cache.cacheDir)
        var mosaic = FilterMosaic()
        for name in sets {
            let set = try LoadedWeightSet.load(name, store: store, randomSeed: randomSeed)
            let filters = try set.network.filters(at: layer)
            let s = filters.shape
            let caption = "\(layer): \(s[0]) filters \(s[1])x\(s[2])x\(s[3])" + (s[1] == 3 ? "" : ", mean over inputs")
            mosaic.addPanel(set.name, caption: caption, filters: filters)
            print("\(set.name) \(caption)")
        }
        try OutputFiles.writePicture(mosaic.render(), to: out)
        print("wrote \(out)")
    }
}
