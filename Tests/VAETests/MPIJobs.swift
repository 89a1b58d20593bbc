import Foundation
import Testing

/// Runs the built `vae-cli` under Open MPI's mpirun, as CI can: every rank on this host over
/// loopback and shared memory, more ranks than cores allowed, as root allowed (CI containers).
enum MPIJobs {
    static let launcher = "mpirun --oversubscribe --allow-run-as-root"

    /// `vae-cli arguments...` as `ranks` ranks; waits for the job to end.
    static func run(ranks: Int, _ arguments: [String]) throws -> TrainCommandTests.Outcome {
        try #require(isInstalled, "mpirun is not installed: Scripts/install-dependencies installs openmpi-bin")
        return try TrainCommandTests.shell("exec \(launcher) -np \(ranks) \"$0\" \"$@\"", arguments)
    }

    /// The same, started and left running: the caller watches it, kills ranks, waits.
    static func start(ranks: Int, _ arguments: [String], output: URL) throws -> Process {
        try #require(isInstalled, "mpirun is not installed: Scripts/install-dependencies installs openmpi-bin")
        let binary = try #require(TrainCommandTests.executable, "vae-cli is not built beside \(CommandLine.arguments[0])")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let log = try FileHandle(forWritingTo: output)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec \(launcher) -np \(ranks) \"$0\" \"$@\"", binary.path] + arguments
        process.standardOutput = log
        process.standardError = log
        try process.run()
        return process
    }

    static let isInstalled: Bool = {
        let search = ProcessInfo.processInfo.environment["PATH", default: "/usr/bin:/bin"].split(separator: ":")
        return search.contains { FileManager.default.isExecutableFile(atPath: "\($0)/mpirun") }
    }()

    /// The rank of a process mpirun started, from its environment (nil for another process).
    static func rank(ofProcess pid: Int32) -> Int? {
        guard let environment = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ")) else { return nil }
        let variables = environment.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return variables.first { $0.hasPrefix("OMPI_COMM_WORLD_RANK=") }.flatMap { Int($0.dropFirst(21)) }
    }

    /// The process ids of the ranks `mpirun` (a process id) started on this host, by rank.
    static func ranks(of mpirun: Int32) -> [Int: Int32] {
        var found: [Int: Int32] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry),
                  let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                  status.split(separator: "\n").contains("PPid:\t\(mpirun)"), let rank = rank(ofProcess: pid) else { continue }
            found[rank] = pid
        }
        return found
    }
}
