import Foundation
import ImageFiles
import Plots
import Statistics

/// Linear CKA per layer for every pair of weight sets, on the same images (Kornblith et al. 2019):
/// the universality comparison of the Stitch Fix poster, with the untrained `random` control as
/// the floor. Written as a table, a plot of CKA against layer and JSON.
public struct FeatureSimilarityReport: Codable {
    public struct WeightSet: Codable, Equatable {
        public let name: String
        /// The weight file's SHA-256, or the random control's seed.
        public let checksum: String

        public init(name: String, checksum: String) {
            (self.name, self.checksum) = (name, checksum)
        }
    }

    public struct Pair: Codable, Equatable {
        public let first: String
        public let second: String
        /// One value per layer, in `layers` order.
        public let cka: [Double]
    }

    public let data: String
    /// Images compared (readable ones of those chosen).
    public let images: Int
    /// Seed of the choice of images when the data had more than the limit.
    public let seed: UInt64
    public let layers: [String]
    public let sets: [WeightSet]
    public let pairs: [Pair]

    /// CKA for every pair of `grams` (in their order: first with second, first with third, ...),
    /// which must cover the same images and layers.
    public init(data: String, seed: UInt64, sets: [(set: WeightSet, grams: LayerGrams)]) throws {
        precondition(sets.count >= 2, "a comparison needs two sets, got \(sets.count)")
        let layers = sets[0].grams.layers
        var pairs: [Pair] = []
        for i in sets.indices {
            for j in (i + 1)..<max(i + 1, sets.count) {
                let (a, b) = (sets[i].grams, sets[j].grams)
                let (first, second) = (sets[i].set.name, sets[j].set.name)
                precondition(a.layers == b.layers, "layers \(a.layers) and \(b.layers)")
                guard a.readable == b.readable else {
                    throw StatisticsError.mismatch("\(first) and \(second) could not read the same images")
                }
                pairs.append(Pair(first: first, second: second,
                                  cka: try layers.map { try LinearCKA.similarity(a.grams[$0]!, b.grams[$0]!) }))
            }
        }
        self.data = data
        self.images = sets[0].grams.readable.filter { $0 }.count
        self.seed = seed
        self.layers = layers
        self.sets = sets.map(\.set)
        self.pairs = pairs
    }

    /// A pair's name in the table, plot and file names: `imagenet~random`.
    public static func name(_ pair: Pair) -> String { "\(pair.first)~\(pair.second)" }

    /// Layers down, pairs across.
    public var table: String {
        let header = ["layer"] + pairs.map(Self.name)
        let rows = layers.indices.map { l in [layers[l]] + pairs.map { String(format: "%.4f", $0.cka[l]) } }
        let widths = header.indices.map { c in ([header] + rows).map { $0[c].count }.max()! }
        let lines = ([header] + rows).map { row in
            row.enumerated().map { c, cell in c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[c] - cell.count) + cell }.joined(separator: "  ")
        }
        return "linear CKA between the sets' features of \(images) images of \(data)\n" + lines.joined(separator: "\n") + "\n"
    }

    /// CKA against layer, one line per pair, the axis from 0 to 1.
    public func plot() -> Image {
        let title = "Linear CKA of features, \(images) images of \((data as NSString).lastPathComponent)"
        var plot = LinePlot(title: title, xLabel: "layer", yLabel: "linear CKA")
        plot.xCategories = layers
        plot.yCovers = [0, 1]
        for pair in pairs {
            plot.addSeries(Self.name(pair), steps: layers.indices.map(Double.init), values: pair.cka)
        }
        return plot.render()
    }

    /// Writes `cka.txt`, `cka.json` and `cka.png` into `folder` (created if need be), each file
    /// atomically; returns the paths written.
    @discardableResult
    public func write(to folder: String) throws -> [String] {
        try ReportFolder.write(files: [("cka.txt", Data(table.utf8)), ("cka.json", try ReportFolder.json(self))],
                               pictures: [("cka.png", plot())], to: folder)
    }
}
