import Glibc

/// How many images one im2col + GEMM covers, and how a single large image is split.
///
/// A GEMM with few columns runs poorly, so small output planes are grouped until a chunk has at
/// least `targetColumns` columns. The column matrix is capped at `maximumColumnScalars`, a core's
/// L2 cache as the C library reports it (1 MB where it does not), so that it stays in cache
/// between im2col and the GEMM that reads it; L2 caches run from 512 kB (Zen 3) to 2 MB (Sapphire
/// Rapids), so the cap is read, not fixed. One image whose columns exceed that is done whole up
/// to `maximumImageScalars` (4 MB), else in blocks of output rows no larger: L2-sized blocks of a
/// mid-sized plane make GEMMs of a few dozen columns, each repacking the weights, which lose more
/// than the cache saves. The values and their measurement are in docs/PERFORMANCE.md. The limits
/// are task-local, so a test or a benchmark can change them for its own work only.
public enum ConvChunking {
    public struct Limits: Sendable {
        public var targetColumns: Int
        public var maximumColumnScalars: Int
        public var maximumImageScalars: Int

        public init(targetColumns: Int = 1024, maximumColumnScalars: Int = ConvChunking.level2CacheScalars,
                    maximumImageScalars: Int = 1 << 20) {
            self.targetColumns = targetColumns
            self.maximumColumnScalars = maximumColumnScalars
            self.maximumImageScalars = maximumImageScalars
        }
    }

    @TaskLocal public static var limits = Limits()

    /// One core's L2 cache, in scalars.
    public static let level2CacheScalars: Int = {
        let bytes = sysconf(Int32(_SC_LEVEL2_CACHE_SIZE))
        return bytes > 0 ? bytes / MemoryLayout<Float>.size : 1 << 18
    }()

    /// Output rows per block for one image whose columns exceed `maximumImageScalars` (all of
    /// them otherwise), balanced so that the last block is not a sliver.
    public static func rowsPerBlock(_ g: ConvGeometry) -> Int {
        let most = max(1, limits.maximumImageScalars / (g.columnRows * g.outputWidth))
        let blocks = (g.outputHeight + most - 1) / most
        return (g.outputHeight + blocks - 1) / blocks
    }

    public static func imagesPerChunk(batch: Int, plane: Int, columnRows: Int) -> Int {
        let limits = self.limits
        let wanted = (limits.targetColumns + plane - 1) / max(1, plane)
        let affordable = limits.maximumColumnScalars / max(1, columnRows * plane)
        return max(1, min(batch, wanted, affordable))
    }
}
