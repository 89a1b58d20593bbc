import ArgumentParser
import NN

/// `--threads` of `train`, `bench`, `classify train` and `embed`: how many workers the kernels use.
struct WorkerThreadsOption: ParsableArguments {
    @Option(help: "Worker threads (default: the machine's cores; under mpirun, its cores shared by the ranks on it).")
    var threads: Int?

    func validate() throws {
        if let threads, threads <= 0 { throw ValidationError("--threads must be positive") }
    }

    /// Sets the kernels' worker count, if one was given.
    func apply() {
        if let threads { Parallel.workers = threads }
    }
}
