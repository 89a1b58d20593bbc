import Foundation
import ImageFiles
import Testing

/// `vae-cli weights show` run as a user runs it: the embedded ImageNet conv1 beside the random
/// control, and each bad input one line with exit status 1.
@Suite struct WeightsShowCommandTests {
    let folders = TemporaryFolders()

    static func run(_ arguments: [String]) throws -> TrainCommandTests.Outcome {
        try TrainCommandTests.shell("exec \"$0\" \"$@\"", arguments)
    }

    @Test func drawsTwoSetsSideBySide() throws {
        let out = try folders.make().appendingPathComponent("filters.png")
        let result = try Self.run(["weights", "show", "imagenet", "random", "--layer", "conv1", "--out", out.path])
        #expect(result.process.terminationStatus == 0, "\(result.error)")
        #expect(result.output.contains("imagenet conv1: 64 filters 3x11x11\n"), "\(result.output)")
        #expect(result.output.contains("random conv1: 96 filters 3x11x11\n"), "\(result.output)")
        // 8 columns of 44-pixel tiles for imagenet's 64, 10 for random's 96, margins and a gap.
        let image = try Image(contentsOfFile: out.path)
        #expect(image.width == 16 + (8 * 44 + 9 * 2) + 32 + (10 * 44 + 11 * 2) + 16)

        let deep = try Self.run(["weights", "show", "imagenet", "--layer", "conv2", "--out", out.path])
        #expect(deep.process.terminationStatus == 0, "\(deep.error)")
        #expect(deep.output.contains("imagenet conv2: 192 filters 64x5x5, mean over inputs\n"), "\(deep.output)")
    }

    @Test func badInputsAreOneLine() throws {
        let png = try folders.make().appendingPathComponent("f.png").path
        let cases: [([String], String)] = [
            (["weights", "show", "nosuchset", "--out", png], "Error: unknown weight set nosuchset; known sets: "),
            (["weights", "show", "imagenet", "--layer", "conv9", "--out", png], "Error: imagenet has no layer conv9; it has conv1, relu1, pool1, "),
            (["weights", "show", "imagenet", "--layer", "relu1", "--out", png],
             "Error: imagenet: relu1 is not a convolution and has no filters; its convolutions are conv1, conv2, conv3, conv4, conv5\n"),
            (["weights", "show", "/no/such/file.caffemodel", "--out", png], "Error: /no/such/file.caffemodel: no such file or not readable\n"),
        ]
        for (arguments, message) in cases {
            let result = try Self.run(arguments)
            #expect(result.process.terminationStatus == 1, "\(arguments)")
            #expect(result.error.hasPrefix(message) && result.error.filter { $0 == "\n" }.count == 1, "\(result.error)")
        }
        #expect(!FileManager.default.fileExists(atPath: png))
        let notPNG = try Self.run(["weights", "show", "imagenet", "--out", "/tmp/filters.jpg"])
        #expect(notPNG.process.terminationStatus == 64 && notPNG.error.hasPrefix("Error: --out must name a .png file"))
    }
}
