import FeatureNetworks
import Foundation
import ImageFiles
import NN
import PerceptualLoss
import VAE

/// Small image folders, tiny configurations and file helpers for the training tests.
enum TrainingFixtures {
    static let classes = ["discs", "squares", "stripes"]

    /// Picture `number` of class `kind`: a coloured disc, square or band of stripes on a dark
    /// background, placed, sized and coloured by `number`, so every picture differs.
    static func picture(kind: Int, number: Int, size: Int = 32) -> Image {
        var image = Image(width: size, height: size, red: 0.1, green: 0.1, blue: 0.15)
        let colour: [Float] = [0.3 + 0.04 * Float(number % 10), 0.9 - 0.05 * Float(number % 7), 0.2 + 0.1 * Float(kind)]
        let centre = (x: Float(10 + number * 5 % 13), y: Float(9 + number * 3 % 14))
        let radius = Float(5 + number % 5)
        for y in 0..<size {
            for x in 0..<size {
                let (dx, dy) = (Float(x) - centre.x, Float(y) - centre.y)
                let inside: Bool
                switch kind {
                case 0: inside = dx * dx + dy * dy <= radius * radius
                case 1: inside = abs(dx) <= radius && abs(dy) <= radius
                default: inside = abs(dy) <= radius && (x + number) / 3 % 2 == 0
                }
                if inside { for c in 0..<3 { image[c, y, x] = colour[c] } }
            }
        }
        return image
    }

    /// `perClass` PNGs of 32x32 in each class folder (`root/discs/007.png`, ...), or under
    /// `root/<split>/<class>/` for each of `splits` with `perClass` pictures per class and split.
    static func imageFolder(perClass: Int = 16, splits: [String] = [], in root: URL) throws {
        let prefixes = splits.isEmpty ? [""] : splits.map { $0 + "/" }
        for (s, prefix) in prefixes.enumerated() {
            for (kind, name) in classes.enumerated() {
                let folder = root.appendingPathComponent(prefix + name)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                for i in 0..<perClass {
                    let number = s * perClass + i
                    try picture(kind: kind, number: number).writePNG(to: folder.appendingPathComponent(String(format: "%03d.png", number)).path)
                }
            }
        }
    }

    /// A JPEG cut in half at `url`: libjpeg runs out of data.
    static func truncatedJPEG(at url: URL) throws {
        try picture(kind: 0, number: 0).writeJPEG(to: url.path)
        let whole = try Data(contentsOf: url)
        try whole.prefix(whole.count / 2).write(to: url)
    }

    /// The tiny run the tests train: a 32x32 VAE with 4 base channels and 8 latent dimensions,
    /// batches of 8, relu1 and relu2 of the embedded ImageNet AlexNet as the loss.
    static func configuration(data: URL, epochs: Int = 2, learningRate: Double = 2e-3, checkpointEvery: Int = 3,
                              keepCheckpoints: Int = 3) -> TrainingConfiguration {
        TrainingConfiguration(data: data.path,
                              architecture: VAEArchitecture(imageSize: 32, latentDimension: 8, baseChannels: 4),
                              loss: PerceptualLossConfiguration(layers: ["relu1", "relu2"]),
                              klWeight: 0.001, epochs: epochs, batchSize: 8, learningRate: learningRate, seed: 7,
                              checkpointEvery: checkpointEvery, keepCheckpoints: keepCheckpoints)
    }

    /// A training run on the embedded ImageNet AlexNet (each run gets its own network: runs in
    /// concurrent tests must not share layer caches).
    static func run(_ configuration: TrainingConfiguration, folder: URL,
                    resume: (checkpoint: Checkpoint, file: URL)? = nil) throws -> TrainingRun {
        try TrainingRun(configuration: configuration, folder: RunFolder(folder),
                        lossNetwork: EmbeddedWeights.imagenetNetwork(), resume: resume)
    }

    /// A CSV file's rows as text fields, header first, without the columns named in `dropping`
    /// (timings, which differ between runs).
    static func rows(of url: URL, dropping: Set<String> = ["images_per_s", "seconds"]) throws -> [[String]] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        let kept = header.indices.filter { !dropping.contains(header[$0]) }
        return lines.map { row in kept.map { $0 < row.count ? row[$0] : "" } }
    }

    /// The error `body` throws, if any.
    static func failure<E: Error>(_ type: E.Type, _ body: () throws -> Void) -> E? {
        do { try body() } catch let error as E { return error } catch { return nil }
        return nil
    }
}
