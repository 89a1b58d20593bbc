import ArgumentParser
import Distributed
import Foundation
import NN

/// How a rank of an MPI job runs a command: what differs from a process on its own is the
/// sharing of the cores, the check that every rank was started alike, and how an error ends the
/// job (see `JobWideFailure`).
enum RankLifecycle {
    static func run(_ job: MPIJob) -> Never {
        // Ranks on one host share its cores; --threads still overrides.
        Parallel.workers = max(1, ProcessInfo.processInfo.activeProcessorCount / job.localSize)
        do {
            // First of all, before any collective that depends on them: the same command line.
            try RankAgreement.check(job, [("command-line arguments", CommandLine.arguments.dropFirst().joined(separator: "\u{0}"))])
            var command = try VAECLI.parseAsRoot()
            try command.run()
        } catch {
            end(job, failing: error)
        }
        fflush(stdout)
        job.finish()
        exit(0)
    }

    /// Rank 0 prints what ArgumentParser would; another rank prints only an error of its own,
    /// prefixed with its rank. An error of one rank alone aborts the job, since the others may be
    /// waiting for it in a collective; a job-wide one ends every rank normally.
    private static func end(_ job: MPIJob, failing error: Error) -> Never {
        let jobWide = error as? JobWideFailure
        let underlying = jobWide?.error ?? error
        let code = VAECLI.exitCode(for: underlying).rawValue
        let message = VAECLI.fullMessage(for: underlying)
        fflush(stdout)
        if !message.isEmpty && (job.isRoot || jobWide == nil) {
            let text = job.isRoot ? message : message.split(separator: "\n").map { "rank \(job.rank): \($0)" }.joined(separator: "\n")
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
        guard jobWide != nil else { job.abort(code: code == 0 ? 1 : code) }
        job.finish()
        exit(code)
    }
}
