/// How many images one im2col + GEMM covers.
///
/// A GEMM with few columns runs poorly, so small output planes are grouped until a chunk has at
/// least `targetColumns` columns; the column matrix is capped at `maximumColumnScalars` (1 MB, a
/// core's L2 cache here) so that it stays in cache between im2col and the GEMM that reads it.
/// Both were chosen by measuring the W1 layers with `vae-cli bench --chunk-columns --chunk-scalars`.
/// The limits are task-local, so a test or a benchmark can change them for its own work only.
public enum ConvChunking {
    public struct Limits: Sendable {
        public var targetColumns: Int
        public var maximumColumnScalars: Int

        public init(targetColumns: Int = 1024, maximumColumnScalars: Int = 1 << 18) {
            self.targetColumns = targetColumns
            self.maximumColumnScalars = maximumColumnScalars
        }
    }

    @TaskLocal public static var limits = Limits()

    public static var maximumColumnScalars: Int { limits.maximumColumnScalars }

    public static func imagesPerChunk(batch: Int, plane: Int, columnRows: Int) -> Int {
        let limits = self.limits
        let wanted = (limits.targetColumns + plane - 1) / max(1, plane)
        let affordable = limits.maximumColumnScalars / max(1, columnRows * plane)
        return max(1, min(batch, wanted, affordable))
    }
}
