import ArgumentParser
import Classifier
import FeatureNetworks
import Foundation
import NN

/// `vae-cli classify transfer`: pre-training on half the classes with a binary auxiliary loss,
/// transfer to the other half (Borthakur & Einhorn).
struct ClassifyTransferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Pre-train a head on classes A with a binary auxiliary loss, transfer it to classes B, against B from scratch.",
        discussion: """
            The classes are split into halves A and B by --partition-seed (A gets the smaller half; each needs \
            two classes or more), and A's classes into a random half-partition the auxiliary head predicts. \
            For each β of --aux-binary: the head is pre-trained on A with loss (1 − β)·CE + β·BCE, then its \
            hidden layers (and --fine-tune layers) train on B at --transfer-lr-factor times their learning rate \
            with a fresh output layer. The same head trained on B alone is the baseline. OUT receives report.txt \
            (the halves by name, A's and B's test accuracy per β), report.json and transfer.png.
            """)

    @Option(help: "Image folder with one sub-folder per class, or Fashion-MNIST's IDX files.")
    var data: String

    @Option(help: "Weight set: imagenet, places205, bvlc-alexnet, random, or a weight file path.")
    var lossNet = "imagenet"

    @Option(help: "Layer the features come from (default: fc6 where the set has it, else pool5).")
    var layer: String?

    @Option(help: "Weights β of the binary auxiliary loss, comma-separated, each in [0, 1] (0 is no auxiliary loss).")
    var auxBinary = "0,0.3"

    @Option(help: "Seed of the class halves A and B and of the binary partition of A.")
    var partitionSeed: UInt64 = 0

    @Option(help: "Learning rate of the transferred layers on B, as a fraction of their own.")
    var transferLrFactor = 0.1

    @Option(help: "Network layers to train with the head (as for 'classify train'), transferred with it.")
    var fineTune: String?

    @Option(help: "Adam's learning rate for the fine-tuned layers.")
    var backboneLr = 1e-4

    @Option(help: "Folder for report.txt, report.json and transfer.png.")
    var out = "classify-transfer"

    @OptionGroup var head: HeadOptions

    @OptionGroup var workerThreads: WorkerThreadsOption

    func betas() throws -> [Float] {
        let values = commaSeparated(auxBinary)
        guard !values.isEmpty else { throw ValidationError("--aux-binary needs one or more weights β in [0, 1]") }
        return try values.map { text in
            guard let beta = Float(text), beta.isFinite else { throw ValidationError("--aux-binary: '\(text)' is not a number") }
            guard (0...1).contains(beta) else { throw ValidationError("--aux-binary: β = \(text) lies outside [0, 1]") }
            return beta
        }
    }

    func validate() throws {
        _ = try betas()
        guard try !head.hiddenSizes().isEmpty else {
            throw ValidationError("--hidden none: a transfer keeps the head's hidden layers, so it needs at least one")
        }
        guard transferLrFactor > 0, backboneLr > 0 else { throw ValidationError("--transfer-lr-factor and --backbone-lr must be positive") }
        guard fineTune.map({ !commaSeparated($0).isEmpty }) ?? true else {
            throw ValidationError("--fine-tune needs layer names like conv5 or conv4,conv5")
        }
    }

    func run() throws {
        #if DEBUG
        print("warning: this is a debug build; extraction is slow. Use `swift run -c release vae-cli classify transfer ...`.")
        #endif
        workerThreads.apply()
        print(try OpenBLAS.load().summary)
        let dataset = try ClassificationDataset(path: data)
        print(dataset.source.summary)
        let options = ClassSplitTransfer.Options(
            weightSet: lossNet, layer: layer, imageSize: head.imageSize, hiddenSizes: try head.hiddenSizes(),
            dropout: head.dropout, training: head.training, betas: try betas(), partitionSeed: partitionSeed,
            transferLearningRateFactor: transferLrFactor, repeats: head.repeats, seed: head.seed, randomSeed: head.randomSeed,
            fineTune: fineTune.map(commaSeparated) ?? [], backboneLearningRate: backboneLr)
        let transfer = ClassSplitTransfer(dataset: dataset, options: options,
                                          store: FeatureNetworkLoader.store(cacheOverride: head.cacheDir),
                                          cache: FeatureCache(cacheOverride: head.cacheDir))
        var progress: ProgressLine?
        let names = { (classes: [Int]) in classes.map { dataset.classNames[$0] }.joined(separator: ", ") }
        let report = try transfer.run { event in
            switch event {
            case let .ready(partition):
                print("A = \(names(partition.a)); B = \(names(partition.b)); binary half of A: \(names(partition.binaryHalf))")
            case let .extracting(done, total):
                if progress == nil { progress = ProgressLine("\(lossNet): extracting", total: Double(total), unit: "images") }
                progress!.update(Double(done), force: done == total)
            case let .features(record):
                progress?.finish()
                progress = nil
                let how = record.fromCache ? "read from the cache" : String(format: "extracted at %.1f images/s", record.imagesPerSecond)
                print("\(record.images) images \(how) (\(record.cacheFile))")
            case let .pretrained(run, beta, accuracy):
                print(String(format: "run %d/%d, β = %g: A test accuracy %.3f", run + 1, head.repeats, beta, accuracy))
            case let .transferred(run, beta, accuracy):
                print(String(format: "run %d/%d, β = %g: B test accuracy after transfer %.3f", run + 1, head.repeats, beta, accuracy))
            case let .fromScratch(run, accuracy):
                print(String(format: "run %d/%d: B test accuracy from scratch %.3f", run + 1, head.repeats, accuracy))
            }
        }
        print("\n" + report.table)
        for path in try report.write(to: out) { print("wrote \(path)") }
    }
}
