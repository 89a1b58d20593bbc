import Datasets
import Distributed
import FeatureNetworks
import Foundation
import ImageFiles
import ImageQuality
import NN
import PerceptualLoss

/// One training run end to end: data, steps, validation, pictures, logs and checkpoints.
/// Resumes exactly: a run continued from a checkpoint sees the same batches, noise and
/// optimizer state, so its losses equal an uninterrupted run's.
///
/// In an MPI job (`dataParallel`) every rank takes its shard of each batch and the same steps
/// (`VAETrainer.trainStep(shard:job:stopRequested:)`); rank 0 alone validates and writes the run
/// folder (configuration, logs, pictures, checkpoints, prior) and reports to the observer, while
/// the other ranks wait for it without spinning.
public final class TrainingRun {
    /// What the run reports as it goes; the CLI turns these into a progress line and messages.
    public struct Observer {
        public var started: (_ summary: String) -> Void = { _ in }
        public var stepped: (_ step: StepReport) -> Void = { _ in }
        public var epochEnded: (_ epoch: EpochReport) -> Void = { _ in }
        public var message: (_ text: String) -> Void = { _ in }
        public init() {}
    }

    public struct StepReport {
        public let step: Int, totalSteps: Int, epoch: Int, epochs: Int, batch: Int, batchesPerEpoch: Int
        public let terms: LossTerms
        public let imagesPerSecond: Double
        /// Seconds of the step and of its gradient all-reduce (0 in a process on its own).
        public let seconds: Double, allReduceSeconds: Double
    }

    /// Means over an epoch's steps, read back from the step log so that a resumed epoch reports
    /// exactly what an uninterrupted one would.
    public struct TrainingMeans {
        public let total: Double, reconstruction: Double, kl: Double
    }

    public struct EpochReport {
        public let epoch: Int, step: Int
        public let training: TrainingMeans, validation: LossTerms
        public let lpips: Double, psnr: Double, seconds: Double
        /// The mean SSIM of the validation reconstructions (skimage's, see `SSIM`), and the median
        /// of their periodic-artifact ratios (see `PeriodicArtifactRatio`; about 1 when a
        /// reconstruction has no more period-4 structure than its original).
        public let ssim: Double, artifactRatio: Double
        public let reconstructionFile: URL
    }

    public enum Outcome {
        case finished(checkpoint: URL)
        case interrupted(checkpoint: URL)
    }

    public let configuration: TrainingConfiguration
    public let folder: RunFolder
    public let trainer: VAETrainer
    private let splits: DatasetSplits
    private let trainLoader: BatchLoader
    private let validationLoader: BatchLoader
    private let lpips: LPIPS
    private var epoch = 0, batchInEpoch = 0
    private var lastCheckpoint: URL?
    public let skipped = SkipReport()
    /// The MPI job whose ranks share the batches; nil in a process on its own.
    public let job: MPIJob?
    /// Whether this process writes the run folder and reports: rank 0, or a process on its own.
    public var writesRun: Bool { job?.isRoot ?? true }

    public init(configuration: TrainingConfiguration, folder: RunFolder, lossNetwork: FeatureNetwork,
                resume: (checkpoint: Checkpoint, file: URL)? = nil, dataParallel job: MPIJob? = nil) throws {
        self.configuration = configuration
        self.folder = folder
        self.job = job
        if let job, job.size > configuration.batchSize {
            throw TrainingError.moreRanksThanImages(ranks: job.size, batchSize: configuration.batchSize)
        }
        let source = try DataSource(path: configuration.data)
        splits = try DatasetSplits(source: source, seed: configuration.seed, limit: configuration.trainingLimit)
        var validation = splits.validation
        if let limit = configuration.validationLimit, validation.count > limit {
            validation = DatasetSplit(name: .validation, origin: validation.origin,
                                      examples: Array(validation.examples.prefix(limit)), classNames: validation.classNames)
        }
        let size = configuration.architecture.imageSize
        trainLoader = try BatchLoader(split: splits.train, imageSize: size, batchSize: configuration.batchSize,
                                      seed: configuration.seed, flipsHorizontally: configuration.horizontalFlips,
                                      dropsLastPartialBatch: true, report: skipped,
                                      shard: job.map { BatchShard(index: $0.rank, count: $0.size) })
        guard trainLoader.batchesPerEpoch > 0 else {   // else the run would take no step and report "done"
            throw TrainingError.tooFewImages(folder: splits.train.origin, images: splits.train.count,
                                             batchSize: configuration.batchSize)
        }
        validationLoader = try BatchLoader(split: validation, imageSize: size, batchSize: configuration.batchSize,
                                           seed: configuration.seed, shuffles: false, report: skipped)
        trainer = try VAETrainer(configuration: configuration, lossNetwork: lossNetwork,
                                 totalSteps: configuration.epochs * trainLoader.batchesPerEpoch)
        lpips = try EmbeddedWeights.lpips()
        if let resume {
            try trainer.restore(resume.checkpoint, file: resume.file.path)
            epoch = resume.checkpoint.epoch
            batchInEpoch = resume.checkpoint.batchInEpoch
            lastCheckpoint = resume.file
        }
    }

    /// The examples the run trains on.
    public var trainingData: DatasetSplit { splits.train }

    public var summary: String {
        "\(configuration.data): \(splits.train.count) training, \(validationLoader.split.count) validation images at "
            + "\(configuration.architecture.imageSize)x\(configuration.architecture.imageSize); "
            + "\(trainLoader.batchesPerEpoch) steps per epoch"
    }

    /// Trains until the configured epochs are done, or until `shouldStop()` turns true between
    /// steps (Ctrl-C), then writes a checkpoint. A non-finite loss or gradient throws and writes
    /// nothing, so the last checkpoint on disk is the last good one; so does a non-finite
    /// validation loss, though the epoch's last checkpoint may already hold the weights behind it.
    /// In an MPI job `shouldStop()` may turn true on any rank: every rank then stops after the
    /// same step, and rank 0 writes the checkpoint.
    public func run(observer: Observer, shouldStop: () -> Bool) throws -> Outcome {
        let logs = writesRun ? try openLogs() : nil
        observer.started(summary)

        let perEpoch = trainLoader.batchesPerEpoch
        let totalSteps = perEpoch * configuration.epochs
        while epoch < configuration.epochs {
            let epochStart = Date()
            let stream = trainLoader.batches(epoch: epoch, startingAt: batchInEpoch)
            while let batch = try stream.next() {
                let started = Date()
                let terms: LossTerms, images: Int, stop: Bool, allReduceSeconds: Double
                if let job {
                    let step = try trainer.trainStep(shard: batch, job: job, stopRequested: shouldStop())
                    batchInEpoch = batch.index + 1
                    if step.stopRequested && step.terms == nil { return .interrupted(checkpoint: try writeCheckpoint()) }
                    guard let stepTerms = step.terms else { continue }   // no rank could read the batch
                    (terms, images, stop, allReduceSeconds) = (stepTerms, step.images, step.stopRequested, step.allReduceSeconds)
                } else {
                    terms = try trainer.trainStep(batch.images, epoch: epoch, batch: batch.index)
                    batchInEpoch = batch.index + 1
                    (images, stop, allReduceSeconds) = (batch.count, false, 0)
                }
                let seconds = Date().timeIntervalSince(started)
                let rate = Double(images) / seconds
                logs?.steps.append(["\(trainer.step)", "\(epoch + 1)", "\(batch.index + 1)", fmt(terms.total), fmt(terms.reconstruction)]
                                   + terms.layerTerms.map { fmt($0.value) }
                                   + [fmt(terms.pixel), fmt(terms.kl), fmt(terms.klWeight), String(format: "%.1f", rate)])
                observer.stepped(StepReport(step: trainer.step, totalSteps: totalSteps, epoch: epoch, epochs: configuration.epochs,
                                            batch: batch.index, batchesPerEpoch: perEpoch, terms: terms, imagesPerSecond: rate,
                                            seconds: seconds, allReduceSeconds: allReduceSeconds))
                for entry in skipped.takeNew() { observer.message("skipped \(entry)") }
                if trainer.step % configuration.checkpointEvery == 0 { try writeCheckpoint() }
                if job == nil ? shouldStop() : stop {
                    return .interrupted(checkpoint: try writeCheckpoint())
                }
            }
            if let logs {
                let steps = CSVLog.columns(of: folder.stepMetricsFile)   // read once for the means and the curve
                let report = try validate(epoch: epoch, training: trainingMeans(epoch: epoch, steps: steps),
                                          seconds: Date().timeIntervalSince(epochStart))
                logs.epochs.append(["\(epoch + 1)", "\(trainer.step)", fmt(report.training.total), fmt(report.training.reconstruction),
                                    fmt(report.training.kl), fmt(report.validation.total), fmt(report.validation.reconstruction),
                                    fmt(report.validation.kl), fmt(report.lpips), String(format: "%.3f", report.psnr),
                                    String(format: "%.1f", report.seconds), fmt(report.ssim), fmt(report.artifactRatio)])
                try RunPictures.lossCurve(steps: steps,
                                          epochs: CSVLog.columns(of: folder.epochMetricsFile)).writePNG(to: folder.lossCurveFile.path)
                observer.epochEnded(report)
            }
            job?.waitForAll()   // the other ranks wait while rank 0 validates
            epoch += 1
            batchInEpoch = 0
        }
        let checkpoint: URL
        if writesRun {
            try writeSamples()
            checkpoint = try writeCheckpoint()
            try writePrior(observer: observer)
        } else {
            checkpoint = checkpointURL
        }
        job?.waitForAll()
        return .finished(checkpoint: checkpoint)
    }

    /// The step and epoch logs, kept up to the resumed step; also creates the run folder and
    /// writes its configuration.
    private func openLogs() throws -> (steps: CSVLog, epochs: CSVLog) {
        try folder.create()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(configuration).write(to: folder.configurationFile, options: .atomic)
        let layers = configuration.loss.layers
        let resumedStep = trainer.step, resumedEpoch = epoch
        let stepLog = try CSVLog(folder.stepMetricsFile,
                                 header: ["step", "epoch", "batch", "loss", "reconstruction"] + layers
                                     + ["pixel", "kl", "kl_weight", "images_per_s"],
                                 keep: resumedStep > 0 ? { Int($0[0]).map { $0 <= resumedStep } ?? false } : nil)
        let epochLog = try CSVLog(folder.epochMetricsFile,
                                  header: ["epoch", "step", "train_loss", "train_reconstruction", "train_kl",
                                           "validation_loss", "validation_reconstruction", "validation_kl",
                                           "validation_lpips", "validation_psnr", "seconds",
                                           // Added later, so at the end: readers by position keep working.
                                           "validation_ssim", "validation_artifact_ratio"],
                                  keep: resumedStep > 0 ? { Int($0[0]).map { $0 <= resumedEpoch } ?? false } : nil)
        return (stepLog, epochLog)
    }

    /// Fits the prior that `sample --prior fitted` draws from (`FittedPrior`) to the posterior
    /// means of the run's training images, after the final checkpoint so that an interruption
    /// here loses nothing. A prior that cannot be fitted (fewer training images than components)
    /// is a warning, not a failed run: the model is trained, and `fit-prior` can fit one later.
    private func writePrior(observer: Observer) throws {
        do {
            // Its own skip report: the training loader has already reported the unreadable files.
            let means = try TrainingSetEncoding.posteriorMeans(model: trainer.model, configuration: configuration)
            let prior = try FittedPrior.fit(means: means, components: FittedPrior.defaultComponents,
                                            seed: configuration.seed, checkpointStep: trainer.step)
            try prior.write(to: folder.priorFile)
            observer.message("fitted prior: \(prior.summary): \(folder.priorFile.path)")
        } catch let error as FittedPriorError {
            observer.message("warning: no fitted prior: \(error); vae-cli fit-prior --checkpoint \(folder.url.path) "
                             + "--components K fits one")
        }
    }

    /// The epoch's training means, from the step log's columns (see `TrainingMeans`).
    private func trainingMeans(epoch: Int, steps columns: [String: [Double]]) -> TrainingMeans {
        let rows = (columns["epoch"] ?? []).indices.filter { columns["epoch"]![$0] == Double(epoch + 1) }
        func mean(_ name: String) -> Double {
            rows.isEmpty ? .nan : rows.map { columns[name]![$0] }.reduce(0, +) / Double(rows.count)
        }
        return TrainingMeans(total: mean("loss"), reconstruction: mean("reconstruction"), kl: mean("kl"))
    }

    /// Validation losses on the training scale, LPIPS, PSNR, SSIM and the periodic-artifact ratio
    /// of the reconstructions, and the grid.
    private func validate(epoch: Int, training: TrainingMeans, seconds: Double) throws -> EpochReport {
        var terms: [LossTerms] = [], weights: [Double] = [], distances: [Double] = [], psnrs: [Double] = []
        var ssims: [Double] = [], artifactRatios: [Double] = []
        var gridOriginals: Tensor?, gridReconstructions: Tensor?
        let stream = validationLoader.batches(epoch: 0)
        while let batch = try stream.next() {
            let (t, reconstruction) = try trainer.evaluate(batch.images)
            // Weights can be finite yet reconstruct NaN (after a step with a far too high rate);
            // the grid cannot show NaN pixels, and the run cannot recover.
            guard t.total.isFinite else {
                throw TrainingError.nonFiniteValidationLoss(epoch: epoch, terms: VAETrainer.describe(t))
            }
            terms.append(t)
            weights.append(Double(batch.count))
            distances += try lpips.distance(reconstruction, batch.images)
            psnrs += peakSignalToNoiseRatio(reconstruction, batch.images)
            ssims += try SSIM.mean(reconstruction, batch.images)
            artifactRatios += try PeriodicArtifactRatio.ratios(reconstructions: reconstruction, originals: batch.images)
            if gridOriginals == nil {
                let n = min(16, batch.count)
                gridOriginals = batch.images.slice(0..<n)
                gridReconstructions = reconstruction.slice(0..<n)
            }
        }
        let validation = LossTerms.mean(terms, weights: weights)
        let file = folder.reconstructionFile(epoch: epoch)
        try RunPictures.reconstructionGrid(originals: gridOriginals!, reconstructions: gridReconstructions!)
            .writePNG(to: file.path)
        return EpochReport(epoch: epoch, step: trainer.step, training: training, validation: validation,
                           lpips: distances.reduce(0, +) / Double(distances.count),
                           psnr: psnrs.reduce(0, +) / Double(psnrs.count), seconds: seconds,
                           ssim: ssims.reduce(0, +) / Double(ssims.count),
                           artifactRatio: PeriodicArtifactRatio.median(artifactRatios), reconstructionFile: file)
    }

    /// The seed of the run's samples.png; `vae-cli sample` uses it too, so its default grid matches.
    public static let samplesSeed: UInt64 = 2024

    /// 64 images decoded from z ~ N(0, I) with a fixed seed, so runs can be compared.
    private func writeSamples() throws {
        var generator = SeededGenerator(seed: Self.samplesSeed)
        let images = trainer.model.sample(count: 64, generator: &generator)
        try Image(grid: images, columns: 8).writePNG(to: folder.samplesFile.path)
    }

    private var checkpointURL: URL { folder.checkpointsFolder.appendingPathComponent(Checkpoint.fileName(step: trainer.step)) }

    /// Writes the checkpoint of the current step (rank 0 only; the others name the file it writes).
    @discardableResult
    private func writeCheckpoint() throws -> URL {
        let url = checkpointURL
        if url == lastCheckpoint || !writesRun { return url }
        try Checkpoint(configuration: configuration, step: trainer.step, epoch: epoch, batchInEpoch: batchInEpoch,
                       generator: trainer.generator, model: trainer.model, optimizer: trainer.optimizer).write(to: url)
        lastCheckpoint = url
        folder.pruneCheckpoints(keep: configuration.keepCheckpoints, current: url)
        return url
    }

    /// The checkpoint written last, if any (the last good state after a failure).
    public var latestCheckpoint: URL? { lastCheckpoint }

    private func fmt(_ v: Double) -> String { String(format: "%.6g", v) }
}
