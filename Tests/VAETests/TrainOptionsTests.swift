import Foundation
import Testing
import VAE

/// `train --decoder`, `--loss-input-scale` and `--lr-schedule`: a bad value is one line before anything runs, the
/// help shows the defaults from TrainingConfiguration, and a resumed run keeps its own.
@Suite struct TrainOptionsTests {
    let folders = TemporaryFolders()

    @Test(arguments: [
        (["--decoder", "bilinear"], "Error: --decoder must be transposed or upsample, not bilinear"),
        (["--loss-input-scale", "0"], "Error: --loss-input-scale must be a whole number 1 or more, not 0"),
        (["--loss-input-scale=-2"], "Error: --loss-input-scale must be a whole number 1 or more, not -2"),
        (["--lr-schedule", "step"], "Error: --lr-schedule must be constant or cosine, not step"),
    ])
    func badValuesAreAUsageErrorOfOneLine(_ arguments: [String], _ message: String) throws {
        let result = try TrainCommandTests.shell("exec \"$0\" \"$@\"", ["train"] + arguments)
        #expect(result.process.terminationReason == .exit && result.process.terminationStatus == 64)
        #expect(result.output == "")   // nothing loaded or printed before the check
        #expect(result.error.hasPrefix(message + "\nUsage: "), "\(result.error)")
    }

    @Test func helpShowsTheirDefaults() throws {
        let result = try TrainCommandTests.shell("exec \"$0\" train --help", [])
        let help = result.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let defaults = TrainingConfiguration.defaults
        #expect(help.contains("--decoder <decoder> Decoder stages:"))
        #expect(help.contains("no checkerboard). (default: upsample for an image folder, \(defaults.architecture.decoder.rawValue) for IDX data)"))
        #expect(help.contains("--loss-input-scale <loss-input-scale> Upsample both images"))
        #expect(help.contains("the period-4 lattice. (default: \(defaults.loss.inputScale))"))
        #expect(help.contains("down to 0 at the last step). (default: constant)"))
    }

    @Test(arguments: [["--decoder", "upsample"], ["--loss-input-scale", "2"], ["--lr-schedule", "cosine"]])
    func aResumedRunKeepsItsOwn(_ arguments: [String]) throws {
        let folder = RunFolder(try folders.make())
        _ = try CheckpointTests.writeCheckpoint(step: 3, in: folder)
        let result = try TrainCommandTests.shell("exec \"$0\" \"$@\"", ["train", "--resume", folder.url.path] + arguments)
        #expect(result.process.terminationStatus == 64)
        #expect(result.error.hasPrefix("Error: \(arguments[0]) cannot change when resuming"), "\(result.error)")
    }
}
