import FeatureNetworks
import NN
import WeightStore

/// A feature network by the name the user gave (`imagenet`, `places205`, `random`, or a
/// `.caffemodel`/`.safetensors` path) with the SHA-256 of its weight file, which keys the feature
/// cache and ties a saved classifier to the weights it was trained on.
public struct LoadedWeightSet {
    public let name: String
    public let network: FeatureNetwork
    /// The weight file's SHA-256, or for the untrained control a text naming its seed.
    public let checksum: String
    /// The weight file; nil for the untrained control.
    public let file: String?

    public init(name: String, network: FeatureNetwork, checksum: String, file: String?) {
        self.name = name
        self.network = network
        self.checksum = checksum
        self.file = file
    }

    /// A name containing `/` or ending in `.caffemodel` or `.safetensors` is a weight file;
    /// anything else is a set the store knows. `randomSeed` seeds the `random` control.
    public static func load(_ name: String, store: WeightStore, randomSeed: UInt64 = 0) throws -> LoadedWeightSet {
        if name == FeatureNetworkLoader.randomName {
            // The seed and the architecture fix every weight of the control.
            return LoadedWeightSet(name: name, network: try FeatureNetworkLoader.network(named: name, store: store, seed: randomSeed),
                                   checksum: "untrained BVLC-layout AlexNet, seed \(randomSeed)", file: nil)
        }
        if name.hasPrefix(FeatureNetworkLoader.randomArchitecturePrefix) {
            let network = try FeatureNetworkLoader.network(named: name, store: store, seed: randomSeed)
            let file = String(name.dropFirst(FeatureNetworkLoader.randomArchitecturePrefix.count))
            return LoadedWeightSet(name: name, network: network,
                                   checksum: "untrained, layers of \(try ChecksumAlgorithm.sha256.digest(ofFile: file)), seed \(randomSeed)",
                                   file: nil)
        }
        let isFile = name.contains("/") || name.hasSuffix(".caffemodel") || name.hasSuffix(".safetensors")
        let network: FeatureNetwork, file: String
        if isFile {
            network = try FeatureNetworkLoader.network(file: name)
            file = name
        } else {
            network = try FeatureNetworkLoader.network(named: name, store: store)
            file = name == "imagenet" ? EmbeddedWeights.imagenetAlexNet.path : try store.locate(name).weightsFile.path
        }
        return LoadedWeightSet(name: name, network: network, checksum: try ChecksumAlgorithm.sha256.digest(ofFile: file), file: file)
    }

    /// The layer a comparison uses when none is asked for: fc6 where the network has it, else
    /// pool5, else the input of its last fully connected layer (LeNet's relu1, cifar10_full's
    /// pool3), else its last stage.
    public static func defaultLayer(of network: FeatureNetwork) -> String {
        let names = network.stageNames
        if names.contains("fc6") { return "fc6" }
        if names.contains("pool5") { return "pool5" }
        if let last = network.stages.lastIndex(where: { $0.layer is Linear }), last > 0 { return names[last - 1] }
        return names.last ?? "pool5"
    }
}
