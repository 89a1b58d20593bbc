import Foundation
import Testing

/// `vae-cli compare-features` run as a user runs it on nine small pictures (at 96x96, the hidden
/// --image-size, to keep it quick), and each bad input one line with a non-zero exit.
@Suite struct CompareFeaturesCommandTests {
    let folders = TemporaryFolders()

    static func run(_ arguments: [String]) throws -> TrainCommandTests.Outcome {
        try TrainCommandTests.shell("exec \"$0\" \"$@\"", arguments)
    }

    struct Report: Decodable {
        struct Pair: Decodable { let first: String, second: String, cka: [Double] }
        let images: Int
        let layers: [String]
        let pairs: [Pair]
    }

    @Test func writesTableJSONAndPlotWithTheRandomControlAdded() throws {
        let data = try folders.make(), out = try folders.make().appendingPathComponent("cka")
        try TrainingFixtures.imageFolder(perClass: 3, in: data)
        let result = try Self.run(["compare-features", "--data", data.path, "--loss-net", "imagenet", "--layers", "conv1,pool2",
                                   "--limit", "6", "--image-size", "96", "--out", out.path])
        #expect(result.process.terminationStatus == 0, "\(result.error)")
        #expect(result.output.contains("adding the untrained 'random' control (--no-control to leave it out)"), "\(result.output)")
        #expect(result.output.contains("comparing a random 6 of the 9 images (--limit, --seed)"))
        #expect(result.output.contains("imagenet: features 100.0% 6.0 images"), "\(result.output)")
        let report = try JSONDecoder().decode(Report.self, from: Data(contentsOf: out.appendingPathComponent("cka.json")))
        #expect(report.images == 6 && report.layers == ["conv1", "pool2"])
        let pair = try #require(report.pairs.first)
        #expect(report.pairs.count == 1 && pair.first == "imagenet" && pair.second == "random")
        #expect(pair.cka.allSatisfy { $0 > 0 && $0 < 1 }, "\(pair.cka)")
        let row = result.output.split(separator: "\n").first { $0.hasPrefix("conv1 ") }
        #expect(row?.hasSuffix(" " + String(format: "%.4f", pair.cka[0])) == true, "\(result.output)")
        for file in ["cka.txt", "cka.png"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path))
        }
    }

    @Test func badInputsAreOneLine() throws {
        let data = try folders.make(), out = try folders.make()
        try TrainingFixtures.imageFolder(perClass: 1, in: data)
        let file = out.appendingPathComponent("file.txt")
        try Data("x".utf8).write(to: file)
        let base = ["compare-features", "--data", data.path, "--image-size", "96", "--out", out.appendingPathComponent("o").path]
        let cases: [([String], Int32, String)] = [
            (["--layers", "conv1,norm1"], 1, "Error: imagenet has no layer norm1; it has conv1, relu1, pool1, "),
            (["--loss-net", "imagenet,nosuchset"], 1, "Error: unknown weight set nosuchset; known sets: "),
            (["--loss-net", "imagenet", "--no-control"], 64, "Error: --loss-net imagenet: CKA needs two sets (drop --no-control)\n"),
            (["--loss-net", "imagenet,imagenet"], 64, "Error: --loss-net names a set twice: imagenet,imagenet\n"),
            (["--limit", "1"], 64, "Error: --limit must be at least 2: CKA compares images with each other\n"),
            (["--layers", ","], 64, "Error: --loss-net and --layers are comma-separated names, none empty\n"),
            (["--out", file.path], 64, "Error: --out \(file.path) is a file; give a folder\n"),
        ]
        for (extra, status, message) in cases {
            let result = try Self.run(base + extra)
            #expect(result.process.terminationStatus == status, "\(extra): \(result.error)")
            #expect(result.error.hasPrefix(message), "\(extra): \(result.error)")
            if status == 1 { #expect(result.error.filter { $0 == "\n" }.count == 1, "\(result.error)") }
        }
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("o").path))
        let missing = try Self.run(["compare-features", "--data", "/no/such/folder", "--out", out.path])
        #expect(missing.process.terminationStatus == 1 && missing.error.hasPrefix("Error: /no/such/folder"), "\(missing.error)")
    }
}
