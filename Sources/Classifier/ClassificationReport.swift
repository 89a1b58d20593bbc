import FeatureNetworks
import Foundation
import ImageFiles
import Plots

/// The comparison of weight sets on one dataset: a side-by-side text table (mean ± standard
/// deviation over the repeats), a JSON file with every figure of every run, and a test confusion
/// matrix picture per set.
public struct ClassificationReport: Sendable, Equatable, Codable {
    public let dataset: String
    public let classNames: [String]
    public let layer: String
    /// Whether the splits are the folder's own (the same in every repeat) or carved per seed.
    public let splitsCarved: Bool
    public let hiddenSizes: [Int]
    public let dropout: Float
    public let training: HeadTraining
    public let sets: [WeightSetResult]
    /// Network layers trained with the head, at `backboneLearningRate`; empty when frozen.
    public let fineTuned: [String]
    public let backboneLearningRate: Double?

    public init(dataset: String, classNames: [String], layer: String, splitsCarved: Bool, hiddenSizes: [Int],
                dropout: Float, training: HeadTraining, sets: [WeightSetResult], fineTuned: [String] = [],
                backboneLearningRate: Double? = nil) {
        self.dataset = dataset
        self.classNames = classNames
        self.layer = layer
        self.splitsCarved = splitsCarved
        self.hiddenSizes = hiddenSizes
        self.dropout = dropout
        self.training = training
        self.sets = sets
        self.fineTuned = fineTuned
        self.backboneLearningRate = backboneLearningRate
    }

    /// The side-by-side table: one column per weight set, then precision and recall per class.
    public var table: String {
        guard let first = sets.first?.runs.first else { return "no results\n" }
        let repeats = sets[0].runs.count
        let splitText = splitsCarved ? "seeded stratified splits" : "the folder's own splits"
        var text = "\(dataset): \(classNames.count) classes; train \(first.trainCount), validation "
            + "\(first.validationCount), test \(first.testCount) (\(splitText)); layer \(layer); "
            + "head " + (hiddenSizes.isEmpty ? "linear" : "hidden \(hiddenSizes.map(String.init).joined(separator: "-"))")
            + ", dropout \(dropout); \(repeats) run\(repeats == 1 ? "" : "s") (mean ± std)\n"
            + (fineTuned.isEmpty ? "" : "fine-tuned \(fineTuned.joined(separator: ", ")) at learning rate "
               + "\(backboneLearningRate ?? 0), on flipped and shifted cached maps\n")
            + "\n"

        var rows: [[String]] = [[""] + sets.map(\.name)]
        rows.append(["features"] + sets.map { "\($0.featureWidth) at \($0.imageSize)px" })
        rows.append(["extraction"] + sets.map {
            $0.extraction.fromCache ? "from cache" : String(format: "%.1f images/s", $0.extraction.imagesPerSecond)
        })
        rows.append(["accuracy"] + sets.map { $0.accuracy.formatted() })
        rows.append(["macro-F1"] + sets.map { $0.macroF1.formatted() })
        rows.append(["epochs (best)"] + sets.map { set in
            set.runs.map { "\($0.training.epochsRun) (\($0.training.bestEpoch))" }.joined(separator: ", ")
        })
        text += Self.aligned(rows) + "\nper class: precision, recall\n"
        var perClass: [[String]] = [["class"] + sets.flatMap { ["\($0.name) P", "\($0.name) R"] }]
        for (c, name) in classNames.enumerated() {
            perClass.append([name] + sets.flatMap { [$0.precision[c].formatted(digits: 2), $0.recall[c].formatted(digits: 2)] })
        }
        return text + Self.aligned(perClass)
    }

    /// A confusion matrix per set, the runs' counts added up.
    public func confusionPlots() -> [(set: String, image: Image)] {
        sets.map { set in
            let runs = set.runs.count == 1 ? "" : ", \(set.runs.count) runs summed"
            let title = "\(set.name) \(set.layer): test confusion\(runs)"
            return (set.name, ConfusionMatrixPlot(counts: set.summedConfusion, classNames: classNames, title: title).render())
        }
    }

    /// Writes `report.txt`, `report.json` and `confusion-<set>.png` into `folder` (created if need
    /// be); returns the paths written.
    @discardableResult
    public func write(to folder: String) throws -> [String] {
        try ReportFolder.write(files: [("report.txt", Data(table.utf8)), ("report.json", try ReportFolder.json(self))],
                               pictures: confusionPlots().map { ("confusion-\(Self.fileSafe($0.set)).png", $0.image) },
                               to: folder)
    }

    /// A set name (which may be a path) as part of a file name.
    public static func fileSafe(_ name: String) -> String {
        // random:PATH keeps its prefix, so that it does not share PATH's files.
        let prefix = name.hasPrefix(FeatureNetworkLoader.randomArchitecturePrefix) ? "random-" : ""
        let base = prefix + (name as NSString).lastPathComponent
        return String(base.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
    }

    /// Rows of cells as left-aligned columns two spaces apart.
    static func aligned(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max()! }
        return rows.map { row in
            row.enumerated().map { c, cell in
                c == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[c] - cell.count + 2)
            }.joined()
        }.joined(separator: "\n") + "\n"
    }
}
