import ArgumentParser
import Foundation
import FeatureNetworks

/// `vae-cli weights fetch NAME`: a set downloaded, verified and unpacked into the cache.
struct WeightsFetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download, verify and unpack a weight set into the cache.")
    @Argument(help: "The set's name (see `vae-cli weights list`).") var name: String
    @OptionGroup var cache: WeightCacheOption
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
