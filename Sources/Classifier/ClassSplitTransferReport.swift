import Foundation
import ImageFiles
import Plots

/// What `classify transfer` found: per β, A's test accuracy after pre-training and B's after
/// transfer, over the repeats, beside B from scratch; the class halves and the binary partition
/// by name. Written as report.txt, report.json and transfer.png.
public struct ClassSplitTransferReport: Sendable, Equatable, Codable {
    public struct BetaResult: Sendable, Equatable, Codable {
        public let beta: Float
        public let accuracyA: [Double]
        public let accuracyB: [Double]
        public let summaryA: SampleSummary
        public let summaryB: SampleSummary

        public init(beta: Float, accuracyA: [Double], accuracyB: [Double]) {
            self.beta = beta
            self.accuracyA = accuracyA
            self.accuracyB = accuracyB
            summaryA = SampleSummary(accuracyA)
            summaryB = SampleSummary(accuracyB)
        }
    }

    public let dataset: String
    public let classNames: [String]
    public let weightSet: String
    public let weightsChecksum: String
    public let layer: String
    public let partition: ClassPartition
    public let hiddenSizes: [Int]
    public let dropout: Float
    public let training: HeadTraining
    public let transferLearningRateFactor: Double
    public let fineTuned: [String]
    public let backboneLearningRate: Double?
    /// One per repeat: splits (when carved), initialisation and batches.
    public let seeds: [UInt64]
    public let extraction: FeatureExtractionRecord
    public let betas: [BetaResult]
    /// B's test accuracy of the same head trained on B alone, per repeat.
    public let fromScratch: [Double]
    public var fromScratchSummary: SampleSummary { SampleSummary(fromScratch) }

    func names(_ classes: [Int]) -> String { classes.map { classNames[$0] }.joined(separator: ", ") }

    public var table: String {
        let repeats = seeds.count
        var text = "\(dataset): \(weightSet) \(layer) features, head hidden \(hiddenSizes.map(String.init).joined(separator: "-")), "
            + "dropout \(dropout); \(repeats) run\(repeats == 1 ? "" : "s") (seeds \(seeds.map(String.init).joined(separator: ", "))), mean ± std\n"
        if !fineTuned.isEmpty {
            text += "fine-tuned \(fineTuned.joined(separator: ", ")) at learning rate \(backboneLearningRate ?? 0)\n"
        }
        text += "partition seed \(partition.seed): A = \(names(partition.a)); B = \(names(partition.b))\n"
            + "binary auxiliary target 1 for \(names(partition.binaryHalf)), 0 for the rest of A\n"
            + "pre-training on A: loss (1 − β)·CE + β·BCE; transfer to B: hidden layers"
            + (fineTuned.isEmpty ? "" : " and fine-tuned layers")
            + " at \(transferLearningRateFactor) x their learning rate, a fresh output layer at \(training.learningRate)\n\n"
        var rows = [["β", "A test accuracy", "B test accuracy after transfer"]]
        for result in betas {
            rows.append([String(format: "%g", result.beta), result.summaryA.formatted(), result.summaryB.formatted()])
        }
        rows.append(["B from scratch", "", fromScratchSummary.formatted()])
        return text + ClassificationReport.aligned(rows)
    }

    /// Accuracy against β: A after pre-training, B after transfer, and B from scratch as a level line.
    public func plot() -> Image {
        // The bitmap font is ASCII: "beta" and "+-" for β and ±.
        var plot = CategoryPlot(categories: betas.map { String(format: "beta = %g", $0.beta) },
                                title: "Binary auxiliary loss on A, then transfer to B",
                                xLabel: "auxiliary weight (\(seeds.count) run\(seeds.count == 1 ? "" : "s") each: mean +- standard deviation)",
                                yLabel: "test accuracy")
        plot.addSeries("A after pre-training", means: betas.map(\.summaryA.mean), deviations: betas.map(\.summaryA.standardDeviation))
        plot.addSeries("B after transfer", means: betas.map(\.summaryB.mean), deviations: betas.map(\.summaryB.standardDeviation))
        let scratch = fromScratchSummary
        plot.addSeries("B from scratch", means: betas.map { _ in scratch.mean },
                       deviations: betas.map { _ in scratch.standardDeviation })
        return plot.render()
    }

    /// Writes `report.txt`, `report.json` and `transfer.png` into `folder`; returns the paths written.
    @discardableResult
    public func write(to folder: String) throws -> [String] {
        try ReportFolder.write(files: [("report.txt", Data(table.utf8)), ("report.json", try ReportFolder.json(self))],
                               pictures: [("transfer.png", plot())], to: folder)
    }
}
