import ArgumentParser
import Datasets
import Foundation
import VAE

/// `vae-cli export-images`: images of a dataset written out as PNG files, e.g. a few
/// Fashion-MNIST images (stored in IDX files) to try `reconstruct` and `interpolate` on.
struct ExportImagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-images",
        abstract: "Write images of a dataset (e.g. Fashion-MNIST's IDX files) as PNG files.",
        discussion: """
        Files are named by their position in the split and their class, e.g. 00000-ankle-boot.png, \
        at the images' own size.
        """)

    @Option(help: "An image folder, Fashion-MNIST's IDX folder or an IDX file.")
    var data = DataSource.fashionMNISTPath

    @Option(help: "Part of the data: train, validation or test (default: its own test split if it has one, else all of it).")
    var split: SplitName?

    @Option(help: "Seed of a split carved from data without splits of its own (as `train --seed`).")
    var seed: UInt64 = 1

    @Option(help: "The first N images.")
    var count: Int?

    @Option(help: "The first N images of each class instead.")
    var perClass: Int?

    @Option(help: "The folder to write into (made if missing).")
    var out: String

    func validate() throws {
        guard (count == nil) != (perClass == nil) else { throw ValidationError("give --count or --per-class") }
        if let n = count ?? perClass, n <= 0 {
            throw ValidationError("--\(count != nil ? "count" : "per-class") must be positive")
        }
    }

    func run() throws {
        let source = try DataSource(path: data)
        let examples = try InputImages.examples(of: source, split: split, seed: seed)
        var chosen: [(position: Int, example: Example)] = []
        if let count {
            chosen = Array(examples.prefix(count).enumerated()).map { ($0.offset, $0.element) }
        } else if let perClass {
            guard examples.contains(where: { $0.label != nil }) else {
                throw CLIError("\(data): the images have no classes; use --count")
            }
            var taken: [Int?: Int] = [:]
            for (position, example) in examples.enumerated() where taken[example.label, default: 0] < perClass {
                taken[example.label, default: 0] += 1
                chosen.append((position, example))
            }
        }
        try OutputFiles.createFolder(out)
        for (position, example) in chosen {
            let name = example.label.map { source.classNames[$0] }
                ?? ((example.name as NSString).lastPathComponent as NSString).deletingPathExtension
            let file = (out as NSString).appendingPathComponent(String(format: "%05d-", position) + Self.slug(name) + ".png")
            try example.loadImage().writePNG(to: file)
        }
        print("wrote \(chosen.count) images to \(out)")
    }

    /// "T-shirt/top" → "t-shirt-top": lower case, runs of other characters as one hyphen.
    static func slug(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }).joined(separator: "-")
    }
}
