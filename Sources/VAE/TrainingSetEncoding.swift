import Datasets
import NN

/// The posterior means of a run's own training images: what the fitted prior is fitted to.
///
/// The training split is made as `TrainingRun` makes it (the run's data, seed and limit), so the
/// means are those of exactly the images the model was trained on; but in the split's own order,
/// unflipped, and in inference mode, since the prior describes where the encoder puts the images
/// it has learnt, not the augmented batches.
public enum TrainingSetEncoding {
    /// Means [N, latent] of the training split of `configuration`'s data; `progress(done, total)`
    /// after each batch. Unreadable files are left out (`skipped` hears of them).
    public static func posteriorMeans(model: ConvVAE, configuration: TrainingConfiguration,
                                      skipped: SkipReport = SkipReport(),
                                      progress: (Int, Int) -> Void = { _, _ in }) throws -> Tensor {
        let source = try DataSource(path: configuration.data)
        let splits = try DatasetSplits(source: source, seed: configuration.seed, limit: configuration.trainingLimit)
        let loader = try BatchLoader(split: splits.train, imageSize: configuration.architecture.imageSize,
                                     batchSize: 64, seed: configuration.seed, shuffles: false, cacheLimit: 0,
                                     report: skipped)
        var means: [Tensor] = [], done = 0
        let stream = loader.batches(epoch: 0)
        while let batch = try stream.next() {
            means.append(model.encodeMeans(batch.images))
            done += batch.count
            progress(done, splits.train.count)
        }
        return Tensor(concatenating: means)
    }
}
