import Foundation
import Testing

/// The built `vae-cli` on the network options of this issue: a network that does not fit a
/// command, and `--net vgg` without its weights, each end in one line and a non-zero exit.
@Suite struct NetworkOptionsCommandTests {
    let folders = TemporaryFolders()
    static let lenet = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../FeatureNetworksTests/Fixtures/caffe/lenet_iter_10000.caffemodel").standardized.path

    /// LeNet's ip2 has 10 outputs; the fixture folder has fewer classes. `random:` of LeNet loads
    /// as the same architecture and fails the same way.
    @Test func networkClassesNeedsOneOutputPerClass() throws {
        let data = try folders.make()
        try TrainingFixtures.imageFolder(perClass: 2, in: data)
        for set in [Self.lenet, "random:" + Self.lenet] {
            let outcome = try TrainCommandTests.shell(#""$0" classify network-classes --data "$1" --loss-net "$2" --out "$1/m.png""#,
                                                      [data.path, set])
            #expect(outcome.process.terminationStatus != 0)
            let lines = outcome.error.split(separator: "\n")
            #expect(lines.first?.contains("last layer ip2 has 10 outputs for the") == true, "\(outcome.error)")
            #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("m.png").path))
        }
    }

    @Test func lpipsVGGNeedsItsWeights() throws {
        let outcome = try TrainCommandTests.shell(#""$0" lpips a.png b.png --net vgg"#, [])
        #expect(outcome.process.terminationStatus == 64)
        #expect(outcome.error.hasPrefix("Error: --net vgg needs --vgg-weights FILE"))
    }
}
