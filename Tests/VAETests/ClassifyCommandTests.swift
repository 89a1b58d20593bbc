import Foundation
import Testing

/// `classify sweep`, `train --fine-tune` and `transfer` refuse bad input in one line, before any
/// extraction: a layer the weights lack, a fine-tuned layer above the features, β outside [0, 1],
/// too few classes to split.
@Suite struct ClassifyCommandTests {
    let folders = TemporaryFolders()

    static func run(_ arguments: [String]) throws -> TrainCommandTests.Outcome {
        try TrainCommandTests.shell("exec \"$0\" \"$@\"", arguments)
    }

    @Test(arguments: [
        (["--aux-binary", "0,1.5"], "Error: --aux-binary: β = 1.5 lies outside [0, 1]"),
        (["--aux-binary=-0.1"], "Error: --aux-binary: β = -0.1 lies outside [0, 1]"),
        (["--hidden", "none"], "Error: --hidden none: a transfer keeps the head's hidden layers, so it needs at least one"),
    ])
    func badTransferValuesAreAUsageErrorOfOneLine(_ arguments: [String], _ message: String) throws {
        let result = try Self.run(["classify", "transfer", "--data", "/nonexistent"] + arguments)
        #expect(result.process.terminationReason == .exit && result.process.terminationStatus == 64)
        #expect(result.output == "")
        #expect(result.error.hasPrefix(message + "\nUsage: "), "\(result.error)")
    }

    /// The fixture folder has three classes; each run stops before extracting anything.
    @Test func badLayersAndTooFewClassesAreOneLineErrors() throws {
        let data = try folders.make(), cache = try folders.make()
        try TrainingFixtures.imageFolder(perClass: 3, in: data)
        let common = ["--data", data.path, "--cache-dir", cache.path, "--out", cache.appendingPathComponent("out").path]
        let cases: [([String], String)] = [
            (["classify", "transfer"], "Error: \(data.path): 3 classes cannot be split into halves A and B of at least 2 "
                + "classes each; a transfer needs 4 or more\n"),
            (["classify", "sweep", "--loss-net", "imagenet", "--layers", "conv1,fc6"],
             "Error: weight set imagenet has no layer fc6; it has conv1, relu1, pool1, conv2, relu2, pool2, conv3, relu3, "
                + "conv4, relu4, conv5, relu5, pool5\n"),
            (["classify", "train", "--loss-net", "imagenet", "--layer", "pool2", "--fine-tune", "conv5"],
             "Error: cannot fine-tune conv5: the features come from pool2, before it; fine-tune layers up to pool2, or "
                + "take the features from conv5 or deeper (--layer)\n"),
            (["classify", "train", "--loss-net", "imagenet", "--layer", "pool5", "--fine-tune", "pool4"],
             "Error: weight set imagenet has no layer pool4; it has conv1, relu1, pool1, conv2, relu2, pool2, conv3, relu3, "
                + "conv4, relu4, conv5, relu5, pool5\n"),
        ]
        for (arguments, message) in cases {
            let result = try Self.run(arguments + common)
            #expect(result.process.terminationReason == .exit && result.process.terminationStatus == 1, "\(arguments)")
            #expect(result.error == message, "\(arguments)")
            #expect(!result.output.contains("extracting"), "\(arguments): \(result.output)")
        }
        #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent("out").path))
    }
}
