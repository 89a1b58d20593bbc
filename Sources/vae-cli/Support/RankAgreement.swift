import Distributed
import Foundation
import WeightStore

/// Checks at start-up that the ranks of an MPI job were given the same things (the command line,
/// the resolved options, the data), comparing SHA-256 digests: ranks that disagree would train
/// different models, or wait forever in collectives the others never reach.
enum RankAgreement {
    /// Throws, on every rank alike, naming the first rank and the first thing that differs from
    /// rank 0's.
    static func check(_ job: MPIJob, _ items: [(what: String, text: String)]) throws {
        let digests = items.flatMap { digest($0.text) }
        let gathered = job.allGather(digests)
        for rank in 1..<job.size where gathered[rank] != gathered[0] {
            let item = items.indices.first { gathered[rank][$0 * 32..<($0 + 1) * 32] != gathered[0][$0 * 32..<($0 + 1) * 32] }!
            throw JobWideFailure(CLIError("rank \(rank) of \(job.size) has other \(items[item].what) than rank 0 "
                                          + "(their digests differ); start every rank with the same command and data"))
        }
    }

    private static func digest(_ text: String) -> [UInt8] {
        var hash = SHA256()
        Array(text.utf8).withUnsafeBytes { hash.update($0) }
        return hash.finalize()
    }
}
