import Foundation
import ImageFiles
import Plots

/// A layer sweep's figures: a table of test accuracy per layer (rows) and weight set (columns),
/// `sweep.json` with every run, and a plot of accuracy against layer, one line per set.
public struct LayerSweepReport: Sendable, Equatable, Codable {
    public struct LayerResult: Sendable, Equatable, Codable {
        public let layer: String
        public let featureWidth: Int
        /// The grid the layer was average-pooled to, when it was wider than `FeatureExtractor.widestFeatures`.
        public let pooledTo: Int?
        public let runs: [RunResult]
        public let accuracy: SampleSummary
        public let macroF1: SampleSummary

        public init(layer: String, featureWidth: Int, pooledTo: Int?, runs: [RunResult]) {
            self.layer = layer
            self.featureWidth = featureWidth
            self.pooledTo = pooledTo
            self.runs = runs
            accuracy = SampleSummary(runs.map(\.metrics.accuracy))
            macroF1 = SampleSummary(runs.map(\.metrics.macroF1))
        }
    }

    public struct SetResult: Sendable, Equatable, Codable {
        public let name: String
        public let weightsChecksum: String
        public let weightsFile: String?
        public let imageSize: Int
        public let extraction: FeatureExtractionRecord
        public let layers: [LayerResult]
    }

    public let dataset: String
    public let classNames: [String]
    public let layers: [String]
    public let splitsCarved: Bool
    public let hiddenSizes: [Int]
    public let dropout: Float
    public let training: HeadTraining
    public let sets: [SetResult]

    public var table: String {
        guard let first = sets.first?.layers.first?.runs.first else { return "no results\n" }
        let repeats = sets[0].layers[0].runs.count
        let text = "\(dataset): \(classNames.count) classes; train \(first.trainCount), validation \(first.validationCount), "
            + "test \(first.testCount) (\(splitsCarved ? "seeded stratified splits" : "the folder's own splits")); head "
            + (hiddenSizes.isEmpty ? "linear" : "hidden \(hiddenSizes.map(String.init).joined(separator: "-"))")
            + ", dropout \(dropout); \(repeats) run\(repeats == 1 ? "" : "s") per layer (mean ± std)\n"
            + "test accuracy by layer; features: width (layers wider than \(FeatureExtractor.widestFeatures) "
            + "average-pooled per channel to the grid shown)\n\n"
        var rows: [[String]] = [["layer"] + sets.flatMap { ["\($0.name) accuracy", "features"] }]
        for (index, layer) in layers.enumerated() {
            rows.append([layer] + sets.flatMap { set -> [String] in
                let result = set.layers[index]
                let pooled = result.pooledTo.map { " (\($0)x\($0))" } ?? ""
                return [result.accuracy.formatted(), "\(result.featureWidth)\(pooled)"]
            })
        }
        return text + ClassificationReport.aligned(rows)
    }

    public func plot() -> Image {
        let repeats = sets.first?.layers.first?.runs.count ?? 0
        // The bitmap font is ASCII: "+-" for ±.
        var plot = CategoryPlot(categories: layers,
                                title: "Test accuracy of a head on frozen features, by layer",
                                xLabel: "layer (\(repeats) run\(repeats == 1 ? "" : "s") each: mean +- standard deviation)",
                                yLabel: "test accuracy")
        for set in sets {
            plot.addSeries(set.name, means: set.layers.map(\.accuracy.mean), deviations: set.layers.map(\.accuracy.standardDeviation))
        }
        return plot.render()
    }

    /// Writes `report.txt`, `sweep.json` and `sweep.png` into `folder` (created if need be); returns
    /// the paths written.
    @discardableResult
    public func write(to folder: String) throws -> [String] {
        try ReportFolder.write(files: [("report.txt", Data(table.utf8)), ("sweep.json", try ReportFolder.json(self))],
                               pictures: [("sweep.png", plot())], to: folder)
    }
}
