import Foundation
import ImageFiles
import NN
import Plots

/// The files of one training run, in the layout a person can browse:
///
///     configuration.json       the resolved configuration
///     metrics-steps.csv        every step's loss terms and speed
///     metrics-epochs.csv       per epoch: training and validation losses, validation LPIPS and PSNR
///     loss-curve.png           training loss per step and validation loss per epoch
///     reconstructions/epoch-NNN.png   validation images beside their reconstructions
///     samples.png              decoded draws from the prior (at the end)
///     checkpoints/checkpoint-NNNNNNNN.safetensors (+ .json)
public struct RunFolder {
    public let url: URL

    public init(_ url: URL) { self.url = url }

    public var configurationFile: URL { url.appendingPathComponent("configuration.json") }
    public var stepMetricsFile: URL { url.appendingPathComponent("metrics-steps.csv") }
    public var epochMetricsFile: URL { url.appendingPathComponent("metrics-epochs.csv") }
    public var lossCurveFile: URL { url.appendingPathComponent("loss-curve.png") }
    public var samplesFile: URL { url.appendingPathComponent("samples.png") }
    public var checkpointsFolder: URL { url.appendingPathComponent("checkpoints") }
    public var reconstructionsFolder: URL { url.appendingPathComponent("reconstructions") }

    public func reconstructionFile(epoch: Int) -> URL {
        reconstructionsFolder.appendingPathComponent(String(format: "epoch-%03d.png", epoch + 1))
    }

    public func create() throws {
        for folder in [url, checkpointsFolder, reconstructionsFolder] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
    }

    /// Checkpoint files, oldest first.
    public func checkpoints() -> [URL] { checkpointFolderFiles(prefix: "checkpoint-", suffix: ".safetensors") }

    /// The newest checkpoint that loads; a damaged newer one is reported and passed over.
    public func latestCheckpoint(warn: (String) -> Void) throws -> (Checkpoint, URL) {
        for file in checkpoints().reversed() {
            do {
                return (try Checkpoint(contentsOf: file), file)
            } catch {
                warn("skipping \(file.lastPathComponent): \(error)")
            }
        }
        throw CheckpointError.noCheckpoint(folder: url.path)
    }

    /// Deletes all but the newest `keep` checkpoints up to `current` (and their summaries).
    /// Checkpoints of later steps are left alone: a resume passed over them as damaged, and
    /// counting them would delete the good ones just written. The run overwrites them as it
    /// reaches their steps.
    ///
    /// Also deletes the temporary files of checkpoint writes that never finished: a killed
    /// writer leaves one as large as a checkpoint, and the run calls this after its own write
    /// has finished, so any still there are abandoned.
    public func pruneCheckpoints(keep: Int, current: URL) {
        let upToCurrent = checkpoints().filter { $0.lastPathComponent <= current.lastPathComponent }
        for file in upToCurrent.dropLast(max(1, keep)) {
            try? FileManager.default.removeItem(at: file)
            try? FileManager.default.removeItem(at: file.deletingPathExtension().appendingPathExtension("json"))
        }
        for file in abandonedTemporaryFiles() { try? FileManager.default.removeItem(at: file) }
    }

    /// Temporary files of checkpoint writes (`.checkpoint-*.tmp`, see `SafeTensorsFile.write`).
    public func abandonedTemporaryFiles() -> [URL] { checkpointFolderFiles(prefix: ".checkpoint-", suffix: ".tmp") }

    /// The checkpoint folder's files named prefix…suffix, in name order.
    private func checkpointFolderFiles(prefix: String, suffix: String) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: checkpointsFolder.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }.sorted()
            .map { checkpointsFolder.appendingPathComponent($0) }
    }
}

/// A CSV file written a row at a time, flushed after each row so a crash loses nothing.
/// On resume, rows past the checkpoint are dropped so the file reads as one uninterrupted run.
public final class CSVLog {
    private let handle: FileHandle

    /// Opens `url`; keeps the existing rows for which `keep(row)` holds (header aside), or starts
    /// anew with `header`.
    public init(_ url: URL, header: [String], keep: (([String]) -> Bool)? = nil) throws {
        var lines = [header.joined(separator: ",")]
        if let keep, let text = try? String(contentsOf: url, encoding: .utf8) {
            lines += Self.rows(text).dropFirst().filter(keep).map { $0.joined(separator: ",") }
        }
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
    }

    public func append(_ values: [String]) {
        handle.write(Data((values.joined(separator: ",") + "\n").utf8))
    }

    deinit { try? handle.close() }

    /// The text's lines split at commas (empty fields kept).
    private static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Numeric columns of a CSV file by header name, for plots.
    public static func columns(of url: URL) -> [String: [Double]] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        let lines = Self.rows(text)
        guard let header = lines.first else { return [:] }
        var columns: [String: [Double]] = [:]
        for (i, name) in header.enumerated() {
            columns[name] = lines.dropFirst().map { i < $0.count ? Double($0[i]) ?? .nan : .nan }
        }
        return columns
    }
}

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
