import BLASBridge

/// OpenBLAS's own thread pool. The project keeps it at one thread (`Parallel` sets this on first
/// use) and parallelises itself; the benchmark raises it only to measure OpenBLAS's own ceiling.
public enum BLASThreads {
    public static func set(_ n: Int) { OpenBLAS.ensureLoaded(); blas_bridge_set_threads(Int32(n)) }
}
