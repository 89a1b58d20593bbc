import Foundation

/// What `vae-cli evaluate` writes as JSON (keys in snake_case) and prints as a table.
public struct EvaluationReport: Codable, Equatable {
    /// The checkpoint file measured, and its step.
    public var checkpoint: String
    public var step: Int
    /// The data source and the part of it the images come from.
    public var data: String
    public var split: String
    /// Images measured, and how many were asked for (more than the data has: all of them).
    public var images: Int
    public var requestedImages: Int
    /// The seed of the draws from the two priors.
    public var seed: UInt64
    /// What FD-AlexNet compares: network, layer, pooling and input size.
    public var featureNetwork: String
    public var reconstruction: ReconstructionQuality
    public var fdAlexnet: FrechetDistances
    /// Wall-clock time of the measurements.
    public var seconds: Double

    public init(checkpoint: String, step: Int, data: String, split: String, images: Int, requestedImages: Int,
                seed: UInt64, featureNetwork: String, reconstruction: ReconstructionQuality,
                fdAlexnet: FrechetDistances, seconds: Double) {
        self.checkpoint = checkpoint
        self.step = step
        self.data = data
        self.split = split
        self.images = images
        self.requestedImages = requestedImages
        self.seed = seed
        self.featureNetwork = featureNetwork
        self.reconstruction = reconstruction
        self.fdAlexnet = fdAlexnet
        self.seconds = seconds
    }

    /// Pretty-printed JSON with sorted snake_case keys.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        // The artifact ratio's median is NaN when every original is flat; JSON has no NaN.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    public static func decoded(from data: Data) throws -> EvaluationReport {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(EvaluationReport.self, from: data)
    }

    /// The table for the terminal: one metric a line, the direction of "better" beside it.
    public var table: String {
        let r = reconstruction
        var rows: [(String, String, String)] = [
            ("SSIM (mean)", String(format: "%.4f", r.ssimMean), "higher is better, 1 = identical"),
            ("PSNR (mean)", String(format: "%.2f dB", r.psnrMean), "higher is better"),
            ("LPIPS (mean)", String(format: "%.4f", r.lpipsMean), "lower is better, 0 = identical"),
            ("periodic-artifact ratio (median)", String(format: "%.3f", r.periodicArtifactRatioMedian),
             "1 = as much as the originals; above: decoder artifacts"),
        ]
        for (name, outcome) in fdAlexnet.rows {
            rows.append(("FD-AlexNet, \(name)", outcome.value.map { String(format: "%.3f", $0) } ?? "n/a",
                         outcome.error ?? "lower is better"))
        }
        let width = rows.map(\.0.count).max()!, valueWidth = rows.map(\.1.count).max()!
        let lines = rows.map { name, value, note in
            name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + String(repeating: " ", count: valueWidth - value.count) + value + "  " + note
        }
        return "\(images) \(split) images of \(data), reconstructions and \(images) draws per prior\n"
            + lines.joined(separator: "\n")
    }
}
