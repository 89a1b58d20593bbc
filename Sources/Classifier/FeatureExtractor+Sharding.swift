import Datasets
import Distributed
import Foundation
import NN

/// Extraction shared by the ranks of an MPI job: rank r takes batches r, r + N, r + 2N, ... of
/// the batches one process would run, whole, so each batch goes through the network exactly as
/// it would in one process, and rank 0 puts the rows back in the examples' order.
extension FeatureExtractor {
    /// Rank 0 gets the features of `examples` as `features(of:origin:progress:)` gives them; the
    /// other ranks get nil. `progress` hears rank 0's own batches, counted for the whole job.
    public func features(of examples: [Example], origin: String, job: MPIJob,
                         progress: (Int, Int) -> Void = { _, _ in }) throws -> DatasetFeatures? {
        let batches = (examples.count + batchSize - 1) / batchSize
        let mine = Array(stride(from: job.rank, to: batches, by: job.size))
        let positions = mine.flatMap { $0 * batchSize..<min(($0 + 1) * batchSize, examples.count) }
        var share: DatasetFeatures?
        if !positions.isEmpty {
            // Every batch but the last is full, so this rank's batches come out as they were.
            share = try features(of: positions.map { examples[$0] }, origin: origin) { done, _ in
                progress(min(done * job.size, examples.count), examples.count)
            }
        }
        let rows = try job.gather(share?.features.scalars ?? [])
        let readable = try job.gather(share?.readable.map { $0 ? 1 : 0 } ?? [Float]())
        let skipped = try job.gather(try JSONEncoder().encode((share?.skipped ?? []).map { [$0.file, $0.reason] }).map { $0 })
        guard let rows, let readable, let skipped else { return nil }

        // Rank r's rows are its positions' rows, in order; ranks come one after the other.
        let width = readable.isEmpty ? 0 : rows.count / readable.count
        var features = [Float](repeating: 0, count: examples.count * width)
        var isReadable = [Bool](repeating: false, count: examples.count)
        var next = 0
        for rank in 0..<job.size {
            for batch in stride(from: rank, to: batches, by: job.size) {
                for position in batch * batchSize..<min((batch + 1) * batchSize, examples.count) {
                    features.replaceSubrange(position * width..<(position + 1) * width, with: rows[next * width..<(next + 1) * width])
                    isReadable[position] = readable[next] != 0
                    next += 1
                }
            }
        }
        // In the examples' order, as one process meets them.
        let order = Dictionary(examples.enumerated().map { ($1.name, $0) }, uniquingKeysWith: min)
        let files = try skipped.flatMap { try JSONDecoder().decode([[String]].self, from: Data($0)) }
            .map { SkippedFile(file: $0[0], reason: $0[1]) }
            .sorted { (order[$0.file] ?? 0) < (order[$1.file] ?? 0) }
        progress(examples.count, examples.count)
        return DatasetFeatures(features: Tensor(shape: [examples.count, width], scalars: features), readable: isReadable,
                               skipped: files)
    }
}
