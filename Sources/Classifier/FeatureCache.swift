import Datasets
import Distributed
import Foundation
import NN
import WeightStore

/// Features kept on disk between runs, one safetensors file per key (`FeatureCacheKey`) in
/// `<cache folder>/features/`, written atomically. A re-run with the same weights, layer,
/// preprocessing and image files reads them back instead of running the network again.
public struct FeatureCache: Sendable {
    public let folder: URL

    public init(folder: URL) {
        self.folder = folder
    }

    /// `features/` inside the cache folder `CacheFolder.resolve(override:)` picks.
    public init(cacheOverride: String?) {
        self.init(folder: CacheFolder.resolve(override: cacheOverride).appendingPathComponent("features"))
    }

    public func url(for key: FeatureCacheKey) -> URL { folder.appendingPathComponent(key.fileName) }

    /// The cached features of `count` examples under `key`, or nil when there are none (or the file
    /// is damaged or not what the key says; it is then overwritten by the next `store`).
    public func load(_ key: FeatureCacheKey, count: Int) -> DatasetFeatures? {
        guard let file = try? SafeTensorsFile(contentsOf: url(for: key)), file.metadata["key"] == key.hex,
              let features = try? file.tensor(named: "features"), features.rank == 2, features.shape[0] == count,
              let readable = try? file.tensor(named: "readable", shape: [count]) else { return nil }
        let skipped = (file.metadata["skipped"].flatMap { try? JSONDecoder().decode([[String]].self, from: Data($0.utf8)) } ?? [])
            .compactMap { $0.count == 2 ? SkippedFile(file: $0[0], reason: $0[1]) : nil }
        return DatasetFeatures(features: features, readable: readable.scalars.map { $0 != 0 }, skipped: skipped)
    }

    /// Writes `features` under `key`; `details` (network, layer, ...) go into the metadata for people.
    public func store(_ features: DatasetFeatures, key: FeatureCacheKey, details: [String: String] = [:]) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ClassifierError.cannotWrite(file: folder.path, reason: (error as NSError).localizedDescription)
        }
        let skipped = try JSONEncoder().encode(features.skipped.map { [$0.file, $0.reason] })
        var metadata = details
        metadata["key"] = key.hex
        metadata["skipped"] = String(decoding: skipped, as: UTF8.self)
        let readable = Tensor(shape: [features.readable.count], scalars: features.readable.map { $0 ? 1 : 0 })
        try SafeTensorsFile.write(["features": features.features, "readable": readable], metadata: metadata,
                                  to: url(for: key))
    }

    /// The features of `examples` (named by `names`, in ascending order) from the cache, or
    /// extracted and stored when the cache has none under their key; `file` is the entry's path.
    public func features(of examples: [Example], names: [String], origin: String, weightsChecksum: String,
                         extractor: FeatureExtractor,
                         progress: (Int, Int) -> Void = { _, _ in }) throws -> (features: DatasetFeatures, fromCache: Bool, file: URL) {
        let key = try self.key(of: examples, names: names, weightsChecksum: weightsChecksum, extractor: extractor)
        if let cached = load(key, count: examples.count) { return (cached, true, url(for: key)) }
        let features = try extractor.features(of: examples, origin: origin, progress: progress)
        try store(features, key: key, details: details(extractor, weightsChecksum: weightsChecksum, origin: origin))
        return (features, false, url(for: key))
    }

    /// As `features(of:names:origin:weightsChecksum:extractor:progress:)` for several layers of one
    /// network: the layers the cache lacks are extracted together, in one pass over the images,
    /// and each is stored under its own key (so `classify train --layer pool5` finds a sweep's).
    public func features(of examples: [Example], names: [String], origin: String, weightsChecksum: String,
                         extractors: [FeatureExtractor],
                         progress: (Int, Int) -> Void = { _, _ in }) throws -> [(features: DatasetFeatures, fromCache: Bool, file: URL)] {
        let keys = try extractors.map { try key(of: examples, names: names, weightsChecksum: weightsChecksum, extractor: $0) }
        var found = keys.map { load($0, count: examples.count) }
        let missing = found.indices.filter { found[$0] == nil }
        if !missing.isEmpty {
            let extracted = try FeatureExtractor.features(of: examples, origin: origin,
                                                          extractors: missing.map { extractors[$0] }, progress: progress)
            for (index, features) in zip(missing, extracted) {
                try store(features, key: keys[index],
                          details: details(extractors[index], weightsChecksum: weightsChecksum, origin: origin))
                found[index] = features
            }
        }
        return keys.indices.map { (found[$0]!, !missing.contains($0), url(for: keys[$0])) }
    }

    /// As `features(of:names:origin:weightsChecksum:extractor:progress:)`, with the extraction
    /// shared by the ranks of `job` and the entry written by rank 0 alone, the same file one
    /// process writes. Rank 0 decides whether the cache has the features; the other ranks get nil.
    public func features(of examples: [Example], names: [String], origin: String, weightsChecksum: String,
                         extractor: FeatureExtractor, job: MPIJob,
                         progress: (Int, Int) -> Void = { _, _ in }) throws -> (features: DatasetFeatures?, fromCache: Bool, file: URL) {
        let key = try self.key(of: examples, names: names, weightsChecksum: weightsChecksum, extractor: extractor)
        let cached = job.isRoot ? load(key, count: examples.count) : nil
        let fromCache = job.broadcast([cached == nil ? 0 : 1]) == [1]
        if fromCache { return (cached, true, url(for: key)) }
        guard let features = try extractor.features(of: examples, origin: origin, job: job, progress: progress) else {
            return (nil, false, url(for: key))
        }
        try store(features, key: key, details: details(extractor, weightsChecksum: weightsChecksum, origin: origin))
        return (features, false, url(for: key))
    }

    private func key(of examples: [Example], names: [String], weightsChecksum: String,
                     extractor: FeatureExtractor) throws -> FeatureCacheKey {
        precondition(zip(names, names.dropFirst()).allSatisfy { $0 < $1 }, "example names must be sorted and unique")
        return FeatureCacheKey(weightsChecksum: weightsChecksum, layer: extractor.layer, imageSize: extractor.imageSize,
                               preprocessing: extractor.preprocessing,
                               stamps: try ExampleStamp.stamps(of: examples, names: names))
    }

    private func details(_ extractor: FeatureExtractor, weightsChecksum: String, origin: String) -> [String: String] {
        ["network": extractor.network.name, "weights": weightsChecksum, "layer": extractor.layer,
         "image_size": String(extractor.imageSize), "preprocessing": extractor.preprocessing, "data": origin]
    }
}
