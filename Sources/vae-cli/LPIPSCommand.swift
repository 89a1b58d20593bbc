import ArgumentParser
import FeatureNetworks
import Foundation
import ImageFiles
import PerceptualLoss

/// `vae-cli lpips A B`: LPIPS v0.1 (AlexNet with embedded weights, or VGG-16 from a file) between two images, or between the
/// images two folders share by relative path.
struct LPIPSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lpips",
        abstract: "LPIPS v0.1 (AlexNet or VGG-16) distance between two images, or between the same-named images of two folders.",
        discussion: """
            Images are compared as RGB in [0, 1] at their own size (at least \(LPIPS.minimumSide)x\(LPIPS.minimumSide)), \
            which must agree unless --resize is given. For two folders, each pair prints one line \
            (distance, relative path), then images found in only one folder, then the mean.
            """)

    @Argument(help: "An image file (PNG or JPEG) or a folder of images.")
    var first: String

    @Argument(help: "An image file or a folder, the same kind as the first.")
    var second: String

    @Option(name: .customLong("resize"), help: ArgumentHelp("Resize both images to N x N first.", valueName: "N"))
    var size: Int?

    @Option(help: "Also write the distances as JSON to this file.")
    var json: String?

    @Option(help: "alex (embedded weights) or vgg (needs --vgg-weights).")
    var net = "alex"

    @Option(help: "torchvision vgg16 weights in safetensors (features.N.*), for --net vgg.")
    var vggWeights: String?

    func validate() throws {
        switch (net, vggWeights) {
        case ("alex", nil), ("vgg", _?): break
        case ("vgg", nil): throw ValidationError("--net vgg needs --vgg-weights FILE: torchvision vgg16 weights in safetensors")
        case ("alex", _?): throw ValidationError("--vgg-weights is for --net vgg")
        default: throw ValidationError("--net must be alex or vgg, not '\(net)'")
        }
        if let size, size < LPIPS.minimumSide {
            throw ValidationError("--resize must be at least \(LPIPS.minimumSide), the smallest input AlexNet takes")
        }
    }

    func run() throws {
        let pairing = try ImagePairing(first: first, second: second)
        let lpips = try vggWeights.map { try EmbeddedWeights.lpipsVGG(vgg16: URL(fileURLWithPath: $0)) } ?? EmbeddedWeights.lpips()
        var distances: [Double] = []
        for pair in pairing.pairs {
            let d = try lpips.distance(between: pair, resizedTo: size)
            distances.append(d)
            print(format(d) + (pairing.comparesFolders ? "  " + pair.name : ""))
        }
        let mean = distances.reduce(0, +) / Double(distances.count)
        if pairing.comparesFolders {
            for name in pairing.onlyInFirst { print("only in \(first): \(name)") }
            for name in pairing.onlyInSecond { print("only in \(second): \(name)") }
            print("mean \(format(mean)) over \(distances.count) pair\(distances.count == 1 ? "" : "s")")
        }
        if let json {
            let record: [String: Any] = [
                "first": first, "second": second, "resize": size.map { $0 as Any } ?? NSNull(), "mean": mean,
                "pairs": zip(pairing.pairs, distances).map { pair, d in
                    ["name": pair.name, "first": pair.first, "second": pair.second, "distance": d] as [String: Any]
                },
                "only_in_first": pairing.onlyInFirst, "only_in_second": pairing.onlyInSecond,
            ]
            let data = try JSONSerialization.data(withJSONObject: record, options: [.prettyPrinted, .sortedKeys])
            do {
                try data.write(to: URL(fileURLWithPath: json), options: .atomic)
            } catch {
                throw ImageFilesError.cannotWrite(file: json, reason: error.localizedDescription)
            }
        }
    }

    private func format(_ d: Double) -> String { String(format: "%.6f", d) }
}
