import ArgumentParser
import Classifier
import Distributed
import Foundation
import NN
import FeatureNetworks

/// `vae-cli classify train`: one head per weight set and repeat, and the side-by-side report.
struct ClassifyTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Compare weight sets: features at one layer, an MLP head each, scores on the test split.",
        discussion: """
            Labels are the class folder names (<class>/... or {train,validation,test}/<class>/...). \
            Features are cached on disk (--cache-dir) by weights, layer, preprocessing and image files, \
            so a re-run skips extraction. OUT receives report.txt, report.json, confusion-<set>.png and \
            model-<set>.safetensors (the run with the best validation accuracy). Under `mpirun -np N` the ranks \
            share the extraction and rank 0 writes the cache entry and trains the heads.
            """)

    @Option(help: "Image folder with one sub-folder per class.")
    var data: String

    @Option(help: "Weight sets to compare, comma-separated: imagenet, places205, bvlc-alexnet, random (an untrained control), or weight file paths.")
    var lossNet = "imagenet,random"

    @Option(help: "Layer the features come from (default: fc6 where the first set has it, else pool5, else the input of its last fully connected layer).")
    var layer: String?

    @Option(help: ArgumentHelp(
        "Network layers to train with the head, comma-separated (e.g. conv5 or conv4,conv5), at --backbone-lr.",
        discussion: "The layers below the first fine-tuned one stay frozen and their output is cached; training "
            + "augments those cached maps (a left-right flip, a shift of one cell), not the images."))
    var fineTune: String?

    @Option(help: "Adam's learning rate for the fine-tuned layers.")
    var backboneLr = 1e-4

    @Option(help: "Folder for the report, pictures and models.")
    var out = "classify-run"

    @OptionGroup var head: HeadOptions

    @OptionGroup var workerThreads: WorkerThreadsOption

    func validate() throws {
        guard !weightSets.isEmpty, Set(weightSets).count == weightSets.count else {
            throw ValidationError("--loss-net needs one or more distinct weight sets, not '\(lossNet)'")
        }
        guard fineTune.map({ !commaSeparated($0).isEmpty }) ?? true else {
            throw ValidationError("--fine-tune needs layer names like conv5 or conv4,conv5")
        }
        guard backboneLr > 0 else { throw ValidationError("--backbone-lr must be positive") }
    }

    var weightSets: [String] { commaSeparated(lossNet) }

    func run() throws {
        #if DEBUG
        print("warning: this is a debug build; extraction is slow. Use `swift run -c release vae-cli classify train ...`.")
        #endif
        let job = MPIJob.current, isRoot = job?.isRoot ?? true
        workerThreads.apply()
        let summary = try OpenBLAS.load().summary
        let dataset = try ClassificationDataset(path: data)
        if isRoot { print(summary + (job.map { "; \($0.size) MPI ranks share the extraction" } ?? "")) }
        if isRoot { print(dataset.source.summary) }
        let options = TransferComparison.Options(
            weightSets: weightSets, layer: layer, imageSize: head.imageSize, hiddenSizes: try head.hiddenSizes(),
            dropout: head.dropout, training: head.training, repeats: head.repeats, seed: head.seed,
            randomSeed: head.randomSeed, fineTune: fineTune.map(commaSeparated) ?? [], backboneLearningRate: backboneLr)
        let comparison = TransferComparison(dataset: dataset, options: options,
                                            store: FeatureNetworkLoader.store(cacheOverride: head.cacheDir),
                                            cache: FeatureCache(cacheOverride: head.cacheDir))
        if let job {
            try RankAgreement.check(job, [("images", dataset.examples.map(\.name).joined(separator: "\n"))])
            if !job.isRoot { return try comparison.extractShares(job: job) }
        }
        var progress: ProgressLine?
        let outcome = try comparison.run(job: job) { event in
            switch event {
            case let .ready(layer, sets):
                print("features from \(layer) of \(sets.joined(separator: ", "))")
            case let .extracting(set, done, total):
                if progress == nil { progress = ProgressLine("\(set): extracting", total: Double(total), unit: "images") }
                progress!.update(Double(done), force: done == total)
            case let .features(set, record):
                progress?.finish()
                progress = nil
                let how = record.fromCache ? "read from the cache"
                    : String(format: "extracted at %.1f images/s", record.imagesPerSecond)
                print("\(set): \(record.images) images \(how) (\(record.cacheFile))")
                for file in record.skippedFiles.prefix(5) { print("  skipped \(file)") }
                if record.skippedFiles.count > 5 { print("  ... and \(record.skippedFiles.count - 5) more skipped") }
            case let .training(set, run, done, total):
                if progress == nil {
                    progress = ProgressLine("\(set) run \(run + 1): training up to \(head.epochs) epochs", total: Double(total),
                                            unit: "images")
                }
                progress!.update(Double(done))
            case let .trained(set, run, result):
                progress?.finish()
                progress = nil
                print(String(format: "%@ run %d/%d: test accuracy %.3f, macro-F1 %.3f (best epoch %d of %d, validation %.3f)",
                             set, run + 1, head.repeats, result.metrics.accuracy, result.metrics.macroF1,
                             result.training.bestEpoch, result.training.epochsRun,
                             result.training.bestValidationAccuracy))
            }
        }
        print("\n" + outcome.report.table)
        for path in try outcome.report.write(to: out) { print("wrote \(path)") }
        for (set, model) in outcome.models {
            let path = (out as NSString).appendingPathComponent("model-\(ClassificationReport.fileSafe(set)).safetensors")
            try model.save(to: path)
            print("wrote \(path)")
        }
    }
}
