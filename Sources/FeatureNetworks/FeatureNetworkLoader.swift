import CaffeModel
import Foundation
import NN
import WeightStore

/// Loads a frozen feature network by name (`random`, the embedded `imagenet`, or a set in the
/// weight store) or from a file: `--loss-net NAME`, `--loss-net-file PATH` and the classifier's
/// weight sets.
public enum FeatureNetworkLoader {
    /// `random` is a seeded, untrained Caffe-layout AlexNet: the control in comparisons.
    public static let randomName = "random"
    /// `random:PATH` is the architecture of the Caffe file at PATH with seeded, untrained weights
    /// (a random LeNet to compare LeNet with).
    public static let randomArchitecturePrefix = "random:"

    /// The store of named sets, with the embedded ones in this package's resources.
    public static func store(cacheOverride: String? = nil) -> WeightStore {
        WeightStore(folder: CacheFolder.resolve(override: cacheOverride),
                    embeddedFolder: EmbeddedWeights.imagenetAlexNet.deletingLastPathComponent())
    }

    public static func network(named name: String, store: WeightStore, seed: UInt64 = 0) throws -> FeatureNetwork {
        if name == randomName { return try ReferenceAlexNet.random(seed: seed) }
        if name.hasPrefix(randomArchitecturePrefix) {
            return try randomNetwork(architectureOf: String(name.dropFirst(randomArchitecturePrefix.count)), seed: seed)
        }
        if name == "imagenet" { return try EmbeddedWeights.imagenetNetwork() }
        let status = try store.locate(name)
        var mean: [Float]?
        if let meanFile = status.file(.meanImage) {
            mean = try CaffeMeanImage(contentsOf: meanFile).channelMeans
        }
        return try network(file: status.weightsFile.path, name: name, meanBGR: mean)
    }

    /// Any `.caffemodel` or `.safetensors` (torchvision's AlexNet or VGG layout, told apart by
    /// features.0's kernel), recognised by its first bytes.
    /// `meanBGR` overrides a Caffe file's own mean (see `CaffeInputConvention`).
    public static func network(file path: String, name: String? = nil, meanBGR: [Float]? = nil) throws -> FeatureNetwork {
        let url = URL(fileURLWithPath: path)
        let label = name ?? url.deletingPathExtension().lastPathComponent
        if try looksLikeSafeTensors(url) {
            let file = try SafeTensorsFile(contentsOf: url)
            if TorchvisionVGG.matches(file) { return try TorchvisionVGG.network(from: file, name: label) }
            return try TorchvisionAlexNet.network(from: file, name: label)
        }
        return try CaffeNetwork.network(from: CaffeNet(contentsOf: url), file: path, name: label, meanBGR: meanBGR)
    }

    /// The Caffe file's layers with weights drawn from the seeded generator (see `CaffeNetwork`).
    public static func randomNetwork(architectureOf path: String, seed: UInt64) throws -> FeatureNetwork {
        let url = URL(fileURLWithPath: path)
        guard try !looksLikeSafeTensors(url) else {
            throw WeightFileError.unbuildable(file: path, layer: "all", reason: "random:FILE takes a .caffemodel, whose layers it reuses")
        }
        return try CaffeNetwork.network(from: CaffeNet(contentsOf: url), file: path,
                                        name: "random:" + url.deletingPathExtension().lastPathComponent, randomSeed: seed)
    }

    /// safetensors starts with a little-endian header length and then `{`.
    private static func looksLikeSafeTensors(_ url: URL) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw WeightFileError.unreadable(file: url.path)
        }
        defer { try? handle.close() }
        let head = handle.readData(ofLength: 9)
        return head.count == 9 && head[head.startIndex + 8] == UInt8(ascii: "{")
    }
}
