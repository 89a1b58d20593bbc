import ArgumentParser
import FeatureNetworks
import WeightStore

/// `vae-cli weights list`: every catalogued set, whether it is there and checked, and its layers.
struct WeightsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Each set: present and verified or not, where, and its layers.")
    @OptionGroup var cache: WeightCacheOption
    @Flag(help: "Re-hash every present file against its recorded SHA-256 (slower).") var verify = false

    func run() throws {
        let store = FeatureNetworkLoader.store(cacheOverride: cache.cacheDir)
        print("cache folder: \(store.folder.path)")
        for status in store.statuses(checking: verify ? .digests : .sizes) {
            let d = status.descriptor
            let state: String
            switch status.state {
            case .missing: state = "not downloaded (vae-cli weights fetch \(d.name))"
            case .present(.knownDigest(let algorithm)): state = "present, verified (\(algorithm) of the publisher's file)"
            case .present(.recordedDigest): state = "present, checked against the digest recorded at download"
            case .damaged(let reason): state = "damaged: \(reason) (vae-cli weights fetch \(d.name) --force)"
            }
            print("\n\(d.name): \(d.summary)")
            print("  \(state)")
            if status.isPresent {
                print("  \(status.weightsFile.path)")
                do {
                    let network = try FeatureNetworkLoader.network(named: d.name, store: store)
                    print("  layers: " + network.stageNames.joined(separator: " ")
                          + " (input \(network.nativeInputSize)x\(network.nativeInputSize))")
                } catch {
                    print("  cannot be loaded: \(error)")
                }
            } else if let download = d.download {
                print("  from \(download.url.absoluteString)")
            }
        }
    }
}
