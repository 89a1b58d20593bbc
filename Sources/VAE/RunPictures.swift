import ImageFiles
import NN
import Plots

/// Pictures of a run.
public enum RunPictures {
    /// Originals beside their reconstructions: pairs side by side, `pairsPerRow` pairs a row.
    public static func reconstructionGrid(originals: Tensor, reconstructions: Tensor, pairsPerRow: Int = 4) -> Image {
        precondition(originals.shape == reconstructions.shape, "originals \(originals.shape) and reconstructions \(reconstructions.shape)")
        var tiles: [Image] = []
        for i in 0..<originals.shape[0] {
            tiles.append(Image(originals.slice(i)))
            tiles.append(Image(reconstructions.slice(i)))
        }
        return Image(grid: tiles, columns: 2 * pairsPerRow, padding: 2)
    }

    /// Fig. 7 of the poster: the originals in the first column, then one labelled column per model
    /// with its reconstructions `[N, 3, S, S]` of them.
    public static func comparisonGrid(originals: Tensor, models: [(label: String, reconstructions: Tensor)]) -> ColumnGrid {
        func images(_ batch: Tensor) -> [Image] { (0..<batch.shape[0]).map { Image(batch.slice($0)) } }
        for model in models {
            precondition(model.reconstructions.shape == originals.shape,
                         "\(model.label): reconstructions \(model.reconstructions.shape), originals \(originals.shape)")
        }
        return ColumnGrid(columns: [ColumnGrid.Column(label: "original", images: images(originals))]
                          + models.map { ColumnGrid.Column(label: $0.label, images: images($0.reconstructions)) })
    }

    /// One row: the `start` image [3, S, S], the decoded `path` [steps, 3, S, S], the `end` image.
    public static func interpolationStrip(start: Tensor, path: Tensor, end: Tensor) -> Image {
        precondition(path.rank == 4 && start.shape == Array(path.shape.dropFirst()) && end.shape == start.shape,
                     "strip ends \(start.shape) and \(end.shape), path \(path.shape)")
        let tiles = [Image(start)] + (0..<path.shape[0]).map { Image(path.slice($0)) } + [Image(end)]
        return Image(grid: tiles, columns: tiles.count, padding: 2)
    }

    /// Training loss per step (a running mean over 20 steps, the raw values are noisy) and
    /// validation loss per epoch (at the step where the epoch ended).
    public static func lossCurve(steps: [String: [Double]], epochs: [String: [Double]]) -> Image {
        var plot = LinePlot(title: "vae-cli training", xLabel: "step", yLabel: "loss")
        if let x = steps["step"], let y = steps["loss"], !x.isEmpty {
            var smoothed: [Double] = []
            var window: [Double] = []
            for v in y {
                window.append(v)
                if window.count > 20 { window.removeFirst() }
                smoothed.append(window.reduce(0, +) / Double(window.count))
            }
            plot.addSeries("train (mean of 20 steps)", steps: x, values: smoothed)
        }
        if let x = epochs["step"], let y = epochs["validation_loss"], !x.isEmpty {
            plot.addSeries("validation", steps: x, values: y)
        }
        return plot.render()
    }
}
