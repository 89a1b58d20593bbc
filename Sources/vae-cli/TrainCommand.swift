import ArgumentParser
import Distributed
import Foundation
import FeatureNetworks
import NN
import PerceptualLoss
import VAE

/// `vae-cli train`: a convolutional VAE with a perceptual loss from a frozen AlexNet.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a VAE whose reconstruction loss compares a frozen AlexNet's activations.",
        discussion: """
        With no options: a short run on Fashion-MNIST (Debian's dataset-fashion-mnist) at 64x64 with the \
        embedded ImageNet AlexNet as loss network, a few minutes on two cores. The run folder gets the \
        configuration, per-step and per-epoch metrics (CSV), a loss curve, reconstruction grids, samples \
        and checkpoints. Ctrl-C writes a checkpoint; --resume RUN continues it exactly. Under `mpirun -np N` \
        the ranks share each batch of --batch-size images and rank 0 writes the run folder (README: Many \
        processes).
        """)

    @Option(help: "An image folder (class and train/validation/test sub-folders allowed) or Fashion-MNIST's IDX folder. (default: \(defaults.data))")
    var data: String?

    // Options a resumed run must not be given stay Optional, so that resolve() sees which were.
    @Option(help: "Image size: 32, 64 or 128. (default: \(defaults.architecture.imageSize))") var imageSize: Int?
    @Option(help: "Latent dimension. (default: \(defaults.architecture.latentDimension))") var latentDim: Int?
    @Flag(help: "Batch normalisation in encoder and decoder.") var batchNorm = false
    @Option(help: "Decoder stages: transposed (4x4 stride-2 transposed convolutions) or upsample (nearest x2, then a 3x3 convolution; no checkerboard). (default: upsample for an image folder, \(defaults.architecture.decoder.rawValue) for IDX data)")
    var decoder: String?
    @Option(help: "Loss network: imagenet (embedded), places205, bvlc-alexnet (see `vae-cli weights list`). (default: \(defaults.lossNetwork!))")
    var lossNet: String?
    @Option(help: "Loss network from a .caffemodel or torchvision-layout .safetensors file.") var lossNetFile: String?
    @Option(help: "Loss-network layers, comma-separated. (default: \(defaults.loss.layers.joined(separator: ",")))")
    var lossLayers: String?
    @Option(help: "Weight per loss layer, comma-separated. (default: 1 each)") var lossLayerWeights: String?
    @Option(help: "Feature distance: mse or normalized (LPIPS-style). (default: \(defaults.loss.distance.rawValue))")
    var distance: String?
    @Option(help: "Weight of a pixel-space mean squared error term. (default: \(defaults.loss.pixelWeight))")
    var pixelWeight: Float?
    @Option(help: "Upsample both images by this integer factor (nearest) before the loss network, so AlexNet's stride-4 conv1 is not blind at the period-4 lattice. (default: \(defaults.loss.inputScale))")
    var lossInputScale: Int?
    @Option(help: "Weight of the KL term: the perceptual term is a mean over ~10^4 feature elements, the KL a sum over the latent dimensions, so weight 1 collapses the posterior. (default: \(defaults.klWeight))")
    var klWeight: Float?
    @Option(help: "Steps over which the KL weight rises from 0. (default: \(defaults.klWarmUpSteps))") var klWarmup: Int?
    @Option(help: "Epochs. (default: \(defaults.epochs); \(shortRun.epochs) without --data and --limit)") var epochs: Int?
    @Option(help: "Images per step. (default: \(TrainingConfiguration.imageFolderBatchSize) for an image folder, \(defaults.batchSize) for IDX data)")
    var batchSize: Int?
    @Option(help: "Adam learning rate. (default: \(defaults.learningRate))") var lr: Double?
    @Option(help: "Learning-rate schedule: constant, or cosine (from --lr down to 0 at the last step). (default: \((defaults.learningRateSchedule ?? .constant).rawValue))")
    var lrSchedule: String?
    @Option(help: "Seed for initialisation, data order and noise. (default: \(defaults.seed))") var seed: UInt64?
    @Option(help: "Use at most this many training images (a stratified subset). (default: all; \(shortRun.trainingLimit!) without --data and --epochs)")
    var limit: Int?
    @Option(help: "Use at most this many validation images. (default: \(defaults.validationLimit!); \(shortRun.validationLimit!) without --data, --limit and --epochs)")
    var validationLimit: Int?
    @Flag(help: "Random horizontal flips of training images.") var flip = false
    @Option(help: "Write a checkpoint every N steps (and at the end). (default: \(defaults.checkpointEvery))")
    var checkpointEvery: Int?
    @Option(help: "Keep the newest K checkpoints. (default: \(defaults.keepCheckpoints))") var keepCheckpoints: Int?
    @Option(help: "Run folder (default runs/<date-time>).") var out: String?
    @Option(help: "Continue the run in this folder from its newest checkpoint.") var resume: String?
    @OptionGroup var workerThreads: WorkerThreadsOption
    @Option(help: "Weight cache folder (default $XDG_CACHE_HOME/vae-cli or ~/.cache/vae-cli).") var cacheDir: String?

    /// Checked before anything is loaded, so that a mistyped value is the only line printed.
    func validate() throws {
        if let lrSchedule, LearningRateSchedule(rawValue: lrSchedule) == nil {
            throw ValidationError("--lr-schedule must be \(LearningRateSchedule.allCases.map(\.rawValue).joined(separator: " or ")), not \(lrSchedule)")
        }
        if let decoder, DecoderKind(rawValue: decoder) == nil {
            throw ValidationError("--decoder must be \(DecoderKind.allCases.map(\.rawValue).joined(separator: " or ")), not \(decoder)")
        }
        if let lossInputScale, lossInputScale < 1 {
            throw ValidationError("--loss-input-scale must be a whole number 1 or more, not \(lossInputScale)")
        }
    }

    func run() throws {
        let job = MPIJob.current, writesRun = job?.isRoot ?? true
        let summary = try OpenBLAS.load().summary
        if writesRun { print(summary + (job.map { "; \($0.size) MPI ranks, \(Parallel.workers) threads each" } ?? "")) }
        workerThreads.apply()
        let (configuration, folder, resumeFrom) = try resolve()
        let network: FeatureNetwork
        if let file = configuration.lossNetworkFile {
            network = try FeatureNetworkLoader.network(file: file)
        } else {
            network = try FeatureNetworkLoader.network(named: configuration.lossNetwork ?? "imagenet",
                                                       store: FeatureNetworkLoader.store(cacheOverride: cacheDir), seed: configuration.seed)
        }
        let run: TrainingRun
        do {
            run = try TrainingRun(configuration: configuration, folder: folder, lossNetwork: network, resume: resumeFrom,
                                  dataParallel: job)
        } catch let error as TrainingError where job != nil {
            throw JobWideFailure(error)   // from the options and data, which every rank shares
        }
        if let job {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys   // else the key order differs from process to process
            let options = try String(decoding: encoder.encode(configuration), as: UTF8.self)
                + "\n\(folder.url.path)\n\(resumeFrom.map { "\($0.file.lastPathComponent) step \($0.checkpoint.step)" } ?? "new run")"
            try RankAgreement.check(job, [("options", options), ("training data", run.trainingData.identity)])
        }
        Interruption.install()
        var progress: ProgressLine?
        var observer = TrainingRun.Observer()
        if !writesRun { return try runOtherRank(run) }
        var stepSeconds: [Double] = [], allReduceSeconds: [Double] = []
        observer.started = { summary in
            print(summary)
            // The issue-14 choices are named only when made, so a default run prints what it did before.
            let scale = configuration.loss.inputScale, decoder = configuration.architecture.decoder
            let schedule = configuration.learningRateSchedule ?? .constant
            let layers = configuration.loss.layers
            print((layers.isEmpty ? "loss: pixels only" : "loss network \(network.name): " + layers.joined(separator: ", ")
                      + " (\(configuration.loss.distance.rawValue))" + (scale > 1 ? " on the images upsampled x\(scale)" : ""))
                  + (configuration.loss.pixelWeight > 0 && !layers.isEmpty ? " + pixels x\(configuration.loss.pixelWeight)" : "")
                  + (decoder != .transposed ? "; \(decoder.rawValue) decoder" : "")
                  + (schedule != .constant ? "; \(schedule.rawValue) learning rate" : "") + "; run folder \(folder.url.path)")
            if let resumeFrom { print("resuming at step \(resumeFrom.checkpoint.step) from \(resumeFrom.file.lastPathComponent)") }
        }
        observer.stepped = { report in
            stepSeconds.append(report.seconds)
            allReduceSeconds.append(report.allReduceSeconds)
            if progress == nil {   // counts from the first step of this process, so a resumed run's rate is right
                progress = ProgressLine("train", total: Double(report.totalSteps * configuration.batchSize), unit: "img",
                                        startingAt: Double(report.step * configuration.batchSize))
            }
            progress!.update(Double(report.step * configuration.batchSize),
                             detail: "epoch \(report.epoch + 1)/\(report.epochs) step \(report.step)/\(report.totalSteps) "
                                 + VAETrainer.describe(report.terms), force: report.step == report.totalSteps)
        }
        observer.epochEnded = { e in
            progress?.finish()
            print(String(format: "epoch %d: train loss %.4g, validation loss %.4g (perceptual %.4g, kl %.4g), LPIPS %.4f, "
                             + "PSNR %.2f dB, SSIM %.4f, artifact ratio %.3f, %.0f s",
                         e.epoch + 1, e.training.total, e.validation.total, e.validation.reconstruction,
                         e.validation.kl, e.lpips, e.psnr, e.ssim, e.artifactRatio, e.seconds))
            print("  reconstructions: \(e.reconstructionFile.path)")
        }
        observer.message = { text in progress?.finish(); print(text) }

        let outcome: TrainingRun.Outcome
        do {
            outcome = try run.run(observer: observer, shouldStop: { Interruption.isRequested })
        } catch let error as TrainingError {
            progress?.finish()
            let kept = run.latestCheckpoint.map { "; the last good checkpoint is \($0.path)" } ?? "; no checkpoint was written yet"
            // Validation runs on rank 0 alone; the step's failures are met by every rank at once.
            if case .nonFiniteValidationLoss = error { throw CLIError("\(error)\(kept)") }
            throw job == nil ? CLIError("\(error)\(kept)") : JobWideFailure(CLIError("\(error)\(kept)"))
        }
        progress?.finish()
        if let job, !stepSeconds.isEmpty {
            let floats = run.trainer.allReducedFloats
            print(String(format: "all-reduce of %.1f MB per step (%d floats): median %.1f ms of a median %.0f ms step on %d ranks",
                         Double(floats * 4) / 1e6, floats, median(allReduceSeconds) * 1e3, median(stepSeconds) * 1e3, job.size))
        }
        switch outcome {
        case .finished(let checkpoint):
            print("done: \(folder.url.path)")
            print("  loss curve \(folder.lossCurveFile.path), samples \(folder.samplesFile.path)")
            print("  reconstructions \(folder.reconstructionsFolder.path)/, checkpoint \(checkpoint.path)")
            if run.skipped.count > 0 { print("  \(run.skipped.count) unreadable files were skipped") }
        case .interrupted(let checkpoint):
            print("interrupted: checkpoint \(checkpoint.path)")
            print("continue with: vae-cli train --resume \(folder.url.path)")
            throw job == nil ? ExitCode(130) as Error : JobWideFailure(ExitCode(130))
        }
    }

    /// A rank other than 0: the same steps, nothing printed but its own skipped files.
    private func runOtherRank(_ run: TrainingRun) throws {
        var observer = TrainingRun.Observer()
        observer.message = { text in print("rank \(run.job!.rank): \(text)") }
        do {
            if case .interrupted = try run.run(observer: observer, shouldStop: { Interruption.isRequested }) {
                throw JobWideFailure(ExitCode(130))
            }
        } catch let error as TrainingError {
            throw JobWideFailure(error)   // rank 0 reports it, with the checkpoint kept
        }
    }

    private func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// The configuration from the options, or from the run's checkpoint when resuming (where only
    /// --epochs may change, and a conflicting option is an error rather than silently ignored).
    /// What is not given comes from `TrainingConfiguration.defaults`, or from its `shortRun` when
    /// neither --data, --limit nor --epochs is given.
    private func resolve() throws -> (TrainingConfiguration, RunFolder, (checkpoint: Checkpoint, file: URL)?) {
        for (name, value) in [("--epochs", epochs), ("--batch-size", batchSize), ("--latent-dim", latentDim),
                              ("--checkpoint-every", checkpointEvery), ("--keep-checkpoints", keepCheckpoints)] {
            if let value, value <= 0 { throw ValidationError("\(name) must be positive") }
        }
        if let batchSize, batchSize > TrainingConfiguration.maximumBatchSize {
            throw ValidationError("--batch-size \(batchSize) is over the maximum of \(TrainingConfiguration.maximumBatchSize)")
        }
        if let latentDim, latentDim > VAEArchitecture.maximumLatentDimension {
            throw ValidationError("--latent-dim \(latentDim) is over the maximum of \(VAEArchitecture.maximumLatentDimension)")
        }
        if let resume {
            // The run's own configuration decides these; changing them would not be the same run.
            let newRunOptions: [(String, Bool)] = [
                ("--loss-layers", lossLayers != nil), ("--loss-layer-weights", lossLayerWeights != nil),
                ("--distance", distance != nil), ("--pixel-weight", pixelWeight != nil), ("--kl-weight", klWeight != nil),
                ("--kl-warmup", klWarmup != nil), ("--lr", lr != nil), ("--lr-schedule", lrSchedule != nil), ("--limit", limit != nil),
                ("--validation-limit", validationLimit != nil), ("--flip", flip),
                ("--checkpoint-every", checkpointEvery != nil), ("--keep-checkpoints", keepCheckpoints != nil),
                ("--out", out != nil), ("--decoder", decoder != nil), ("--loss-input-scale", lossInputScale != nil),
            ]
            let options = ResumeOptions(data: data, imageSize: imageSize, latentDimension: latentDim,
                                        batchNormalization: batchNorm ? true : nil, batchSize: batchSize,
                                        lossNetwork: lossNet, lossNetworkFile: lossNetFile, seed: seed, epochs: epochs,
                                        newRunOptions: newRunOptions.filter(\.1).map(\.0))
            do {
                let run = try options.resume(runAt: resume) { print("warning: \($0)") }
                return (run.configuration, run.folder, (run.checkpoint, run.file))
            } catch let error as CheckpointError {
                // A usage mistake rather than a problem with the run: shown with the usage.
                if case .fixedByRun = error { throw ValidationError(error.description) }
                throw error
            }
        }
        let size = imageSize ?? defaults.architecture.imageSize
        guard VAEArchitecture.supportedImageSizes.contains(size) else {
            throw ValidationError("--image-size must be one of \(VAEArchitecture.supportedImageSizes.map(String.init).joined(separator: ", "))")
        }
        let base = data == nil && limit == nil && epochs == nil ? shortRun : TrainingConfiguration.defaults(forData: data ?? defaults.data)
        let decoderKind = decoder.flatMap(DecoderKind.init) ?? base.architecture.decoder    // checked in validate()
        let layers = lossLayers.map(commaSeparated) ?? defaults.loss.layers
        var weights: [Float]?
        if let lossLayerWeights {
            let values = commaSeparated(lossLayerWeights).map { Float($0) }
            guard values.allSatisfy({ $0 != nil && $0! >= 0 }), values.count == layers.count else {
                throw ValidationError("--loss-layer-weights needs \(layers.count) non-negative numbers, one per layer")
            }
            weights = values.map { $0! }
        }
        let metric = try distance.map { name -> PerceptualLossConfiguration.Distance in
            guard let d = PerceptualLossConfiguration.Distance(rawValue: name) else {
                throw ValidationError("--distance must be mse or normalized")
            }
            return d
        } ?? defaults.loss.distance
        if lossNet != nil && lossNetFile != nil { throw ValidationError("give --loss-net or --loss-net-file, not both") }
        let configuration = TrainingConfiguration(
            data: base.data,
            architecture: VAEArchitecture(imageSize: size, latentDimension: latentDim ?? base.architecture.latentDimension,
                                          batchNormalization: batchNorm, decoder: decoderKind),
            lossNetwork: lossNetFile == nil ? (lossNet ?? base.lossNetwork) : nil,
            lossNetworkFile: lossNetFile,
            loss: PerceptualLossConfiguration(layers: layers, layerWeights: weights, distance: metric,
                                              pixelWeight: pixelWeight ?? base.loss.pixelWeight,
                                              inputScale: lossInputScale ?? base.loss.inputScale),
            klWeight: klWeight ?? base.klWeight, klWarmUpSteps: klWarmup ?? base.klWarmUpSteps,
            epochs: epochs ?? base.epochs, batchSize: batchSize ?? base.batchSize,
            learningRate: lr ?? base.learningRate,
            learningRateSchedule: lrSchedule.flatMap(LearningRateSchedule.init) ?? base.learningRateSchedule,   // checked in validate()
            seed: seed ?? base.seed, horizontalFlips: flip,
            trainingLimit: limit ?? base.trainingLimit, validationLimit: validationLimit ?? base.validationLimit,
            checkpointEvery: checkpointEvery ?? base.checkpointEvery, keepCheckpoints: keepCheckpoints ?? base.keepCheckpoints)
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd-HHmmss"
        // Rank 0's clock names the folder, so that every rank names the same one.
        let started = formatter.string(from: Date())
        let folder = RunFolder(URL(fileURLWithPath: out ?? "runs/\(MPIJob.current?.broadcast(started) ?? started)"))
        if FileManager.default.fileExists(atPath: folder.checkpointsFolder.path), !folder.checkpoints().isEmpty {
            throw CLIError("\(folder.url.path) already holds a run; use --resume \(folder.url.path) or another --out")
        }
        return (configuration, folder, nil)
    }
}

/// What `train` takes when not told otherwise, as its help shows.
private let defaults = TrainingConfiguration.defaults
private let shortRun = TrainingConfiguration.shortRun
