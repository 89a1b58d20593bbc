import ArgumentParser
import FeatureNetworks
import Foundation
import WeightStore

/// `vae-cli weights list | fetch NAME`: the named loss-network weight sets.
struct WeightsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weights",
        abstract: "List and download the AlexNet weight sets used as loss networks.",
        subcommands: [List.self, Fetch.self], defaultSubcommand: List.self)

    struct CacheOption: ParsableArguments {
        @Option(help: "Weight cache folder (default $VAE_CLI_CACHE, else $XDG_CACHE_HOME/vae-cli, else ~/.cache/vae-cli).")
        var cacheDir: String?
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each set: present and verified or not, where, and its layers.")
        @OptionGroup var cache: CacheOption
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

    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Download, verify and unpack a weight set into the cache.")
        @Argument(help: "The set's name (see `vae-cli weights list`).") var name: String
        @OptionGroup var cache: CacheOption
        @Flag(help: "Download again even if present.") var force = false
        @Option(help: "Download the same file from this URL instead (a mirror); its checksum is still verified.")
        var from: String?

        func run() throws {
            let store = FeatureNetworkLoader.store(cacheOverride: cache.cacheDir)
            let descriptor = try store.descriptor(named: name)
            var mirror: URL?
            if let from {
                guard let url = URL(string: from), url.scheme == "http" || url.scheme == "https" else {
                    throw ValidationError("--from needs an http or https URL, not \(from)")
                }
                mirror = url
            }
            if let url = mirror ?? descriptor.download?.url { print("fetching \(name) from \(url.absoluteString)") }
            let lock = NSLock()
            var line: ProgressLine?
            let status = try store.fetch(name, force: force, from: mirror) { p in
                lock.lock()
                defer { lock.unlock() }
                if line == nil { line = ProgressLine("download", total: p.totalBytes.map(Double.init), unit: "B") }
                line!.update(Double(p.bytesReceived), force: p.totalBytes == p.bytesReceived)
            }
            line?.finish()
            let network = try FeatureNetworkLoader.network(named: name, store: store)
            print("\(name) is ready in \(status.folder.path): " + network.stageNames.joined(separator: " "))
        }
    }
}
