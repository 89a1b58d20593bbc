import Foundation
import MPIBridge

/// The MPI job this process is one rank of, when `mpirun` started it with two or more ranks.
///
/// Open MPI's `mpirun` tells each process its place in the environment (`OMPI_COMM_WORLD_SIZE`,
/// `OMPI_COMM_WORLD_RANK`, `OMPI_COMM_WORLD_LOCAL_SIZE`) before MPI is initialised, so a process
/// started without it, or as the only rank, never loads Open MPI at all and runs exactly as a
/// plain process. Collectives are called from one thread at a time (MPI_THREAD_FUNNELED).
public final class MPIJob: @unchecked Sendable {
    public let rank: Int
    public let size: Int
    /// Ranks on this host, this one included: how many processes share its cores.
    public let localSize: Int

    /// The job started by `start(environment:)`, nil in a process on its own.
    nonisolated(unsafe) public private(set) static var current: MPIJob?

    private init(rank: Int, size: Int, localSize: Int) {
        self.rank = rank
        self.size = size
        self.localSize = localSize
    }

    /// Joins the job when `mpirun` launched this process as one of two or more ranks (loading
    /// Open MPI and calling MPI_Init); does nothing otherwise. Call once, from the main thread,
    /// before any other thread starts.
    @discardableResult
    public static func start(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MPIJob? {
        precondition(current == nil, "the MPI job is already started")
        guard let sizeText = environment["OMPI_COMM_WORLD_SIZE"] else { return nil }
        guard let size = Int(sizeText), size >= 1 else { throw MPIJobError.badEnvironment(variable: "OMPI_COMM_WORLD_SIZE", value: sizeText) }
        if size == 1 { return nil }
        var message = [CChar](repeating: 0, count: 512)
        guard mpi_bridge_start(&message, message.count) == 0 else {
            throw MPIJobError.cannotStart(reason: String(cString: message))
        }
        let localSize = environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap(Int.init) ?? 1
        let job = MPIJob(rank: Int(mpi_bridge_rank()), size: Int(mpi_bridge_size()), localSize: max(1, localSize))
        current = job
        return job
    }

    /// Rank 0, the one that writes files and prints progress.
    public var isRoot: Bool { rank == 0 }

    /// Sums `values` element by element over the ranks; every rank gets the sums.
    public func sum(_ values: inout [Float]) {
        values.withUnsafeMutableBufferPointer { mpi_bridge_allreduce_sum_float($0.baseAddress, Int64($0.count)) }
    }

    public func sum(_ values: inout [Double]) {
        values.withUnsafeMutableBufferPointer { mpi_bridge_allreduce_sum_double($0.baseAddress, Int64($0.count)) }
    }

    /// Every rank's `bytes` (of one length on every rank), indexed by rank, on every rank.
    public func allGather(_ bytes: [UInt8]) -> [[UInt8]] {
        var gathered = [UInt8](repeating: 0, count: bytes.count * size)
        bytes.withUnsafeBytes { source in
            gathered.withUnsafeMutableBytes { mpi_bridge_allgather_bytes(source.baseAddress, Int64(bytes.count), $0.baseAddress) }
        }
        return (0..<size).map { Array(gathered[$0 * bytes.count..<($0 + 1) * bytes.count]) }
    }

    /// Root's `bytes` on every rank (whatever the others passed, of any length).
    public func broadcast(_ bytes: [UInt8], from root: Int = 0) -> [UInt8] {
        var count = [Int64(bytes.count)]
        count.withUnsafeMutableBytes { mpi_bridge_broadcast_bytes($0.baseAddress, 8, Int32(root)) }
        var buffer = rank == root ? bytes : [UInt8](repeating: 0, count: Int(count[0]))
        buffer.withUnsafeMutableBytes { mpi_bridge_broadcast_bytes($0.baseAddress, Int64($0.count), Int32(root)) }
        return buffer
    }

    public func broadcast(_ text: String, from root: Int = 0) -> String {
        String(decoding: broadcast(Array(text.utf8), from: root), as: UTF8.self)
    }

    /// Each rank's floats, concatenated in rank order on `root` (nil on the other ranks).
    public func gather(_ values: [Float], to root: Int = 0) throws -> [Float]? {
        try gather(values, to: root, bytes: false)
    }

    /// Each rank's bytes, one array per rank, on `root` (nil on the other ranks).
    public func gather(_ bytes: [UInt8], to root: Int = 0) throws -> [[UInt8]]? {
        let counts = allGather(withUnsafeBytes(of: Int64(bytes.count)) { Array($0) })
            .map { Int($0.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }) }
        guard let all = try gather(bytes, to: root, bytes: true) else { return nil }
        var start = 0
        return counts.map { count in
            defer { start += count }
            return Array(all[start..<start + count])
        }
    }

    private func gather<Element: Numeric>(_ values: [Element], to root: Int, bytes: Bool) throws -> [Element]? {
        let counts = allGather(withUnsafeBytes(of: Int64(values.count)) { Array($0) })
            .map { $0.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) } }
        let offsets = counts.reduce(into: [Int64(0)]) { $0.append($0.last! + $1) }
        // MPI_Gatherv counts and displacements are ints.
        guard offsets.last! <= Int64(Int32.max) else { throw MPIJobError.tooLargeToGather(elements: Int(offsets.last!)) }
        var gathered = [Element](repeating: 0, count: rank == root ? Int(offsets.last!) : 0)
        values.withUnsafeBufferPointer { source in
            gathered.withUnsafeMutableBufferPointer { target in
                mpi_bridge_gather(source.baseAddress, Int64(values.count), target.baseAddress, counts,
                                  Array(offsets.dropLast()), Int32(root), bytes ? 1 : 0)
            }
        }
        return rank == root ? gathered : nil
    }

    /// Waits until every rank has arrived, sleeping between checks rather than spinning, so that
    /// ranks with nothing to do leave the cores to one that works alone.
    public func waitForAll() {
        mpi_bridge_quiet_barrier(2000)
    }

    /// Ends the whole job now, every rank, with `code`.
    public func abort(code: Int32) -> Never {
        mpi_bridge_abort(code)
        exit(code)   // MPI_Abort does not return; this keeps the compiler told so
    }

    /// MPI_Finalize: the last MPI call of a rank that ends normally.
    public func finish() {
        mpi_bridge_finish()
    }
}
