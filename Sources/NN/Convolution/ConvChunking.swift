/// How many images one im2col + GEMM covers, and how a single large image is split.
///
/// A GEMM with few columns runs poorly, so small output planes are grouped until a chunk has at
/// least `targetColumns` columns; the column matrix is capped at `maximumColumnScalars` (1 MB,
/// about a core's L2 cache) so that it stays in cache between im2col and the GEMM that reads it.
/// One image whose columns exceed that is done whole up to `maximumImageScalars` (4 MB), else in
/// blocks of output rows no larger: L2-sized blocks of a mid-sized plane make GEMMs of a few
/// dozen columns, each repacking the weights, which lose more than the cache saves. The values
/// and their measurement are in docs/PERFORMANCE.md. The limits are task-local, so a test or a
/// benchmark can change them for its own work only.
public enum ConvChunking {
    public struct Limits: Sendable {
        public var targetColumns: Int
        public var maximumColumnScalars: Int
        public var maximumImageScalars: Int

        public init(targetColumns: Int = 1024, maximumColumnScalars: Int = 1 << 18, maximumImageScalars: Int = 1 << 20) {
            self.targetColumns = targetColumns
            self.maximumColumnScalars = maximumColumnScalars
            self.maximumImageScalars = maximumImageScalars
        }
    }

    @TaskLocal public static var limits = Limits()

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
