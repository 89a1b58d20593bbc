import Foundation
import Testing

/// `mpirun -np 2 vae-cli classify train` and `embed` write the feature cache file one process
/// writes, byte for byte (each process on one thread: the worker count changes how a batch is cut
/// into GEMMs, and with it the last bits). Here beside the training tests, which have the binary.
@Suite(.serialized) struct MPIExtractionTests {
    let folders = TemporaryFolders()

    @Test func shardedExtractionWritesOneProcesssCacheFile() throws {
        let data = try folders.make()
        try TrainingFixtures.imageFolder(in: data)   // 48 pictures: batches of 32 and 16, one per rank
        for command in [["classify", "train", "--epochs", "1"], ["embed", "--iterations", "10", "--perplexity", "5"]] {
            var caches: [URL] = []
            for ranks in [1, 2] {
                let cache = try folders.make(), out = try folders.make()
                let arguments = command + ["--data", data.path, "--loss-net", "random", "--layer", "pool5", "--image-size", "64",
                                           "--cache-dir", cache.path, "--out",
                                           command[0] == "embed" ? out.appendingPathComponent("map.png").path : out.path]
                let result = ranks == 1
                    ? try TrainCommandTests.shell("exec \"$0\" \"$@\"", arguments + ["--threads", "1"])
                    : try MPIJobs.run(ranks: ranks, arguments)
                #expect(result.process.terminationStatus == 0, "\(command[0]) on \(ranks) ranks: \(result.error)")
                caches.append(cache.appendingPathComponent("features"))
            }
            let files = try caches.map { try FileManager.default.contentsOfDirectory(atPath: $0.path) }
            try #require(files[0].count == 1 && files[0] == files[1], "\(command[0]): \(files)")
            let one = try Data(contentsOf: caches[0].appendingPathComponent(files[0][0]))
            let two = try Data(contentsOf: caches[1].appendingPathComponent(files[1][0]))
            #expect(one == two, "\(command[0]): the cache files differ")
        }
    }
}
