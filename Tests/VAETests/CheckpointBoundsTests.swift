import Foundation
import NN
import Testing
import VAE

/// A checkpoint's configuration decides what a resume allocates (the model, each batch), so its
/// numbers are checked when it is read: out of bounds, it is refused in one line, never built.
@Suite struct CheckpointBoundsTests {
    let folders = TemporaryFolders()

    /// A real checkpoint whose configuration JSON has `key` set to `value`.
    private func checkpoint(with key: String, _ value: String) throws -> URL {
        let url = try CheckpointTests.writeCheckpoint(step: 1, in: RunFolder(try folders.make()))
        let file = try SafeTensorsFile(contentsOf: url)
        var metadata = file.metadata
        let json = try #require(metadata["configuration"])
        let edited = json.replacingOccurrences(of: "\"\(key)\":[0-9]+", with: "\"\(key)\":\(value)", options: .regularExpression)
        #expect(edited != json, "no \(key) in \(json)")
        metadata["configuration"] = edited
        try SafeTensorsFile.write(try file.tensors(), metadata: metadata, to: url)
        return url
    }

    @Test(arguments: [
        ("imageSize", "48", "image size 48 is not one of [32, 64, 128]"),
        ("latentDimension", "100000000", "latent dimension 100000000 is outside 1...4096"),
        ("baseChannels", "0", "base channels 0 are outside 1...256"),
        ("batchSize", "1000000000", "batch size 1000000000 is outside 1...4096"),
        ("checkpointEvery", "0", "checkpointEvery 0 is not positive"),
    ])
    func refusesAConfigurationOutOfBounds(key: String, value: String, reason: String) throws {
        let url = try checkpoint(with: key, value)
        let error = CheckpointError.invalidConfiguration(file: url.path, reason: reason)
        #expect(throws: error) { try Checkpoint(contentsOf: url) }
        #expect(error.description == "\(url.path): checkpoint configuration is invalid: \(reason)")
    }
}
