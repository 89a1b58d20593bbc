/// How many images one im2col + GEMM covers.
///
/// A GEMM with few columns runs poorly, so small output planes are grouped until a chunk has at
/// least `targetColumns` columns; the column matrix is capped at `maximumColumnScalars` (1 MB, a
/// core's L2 cache here) so that it stays in cache between im2col and the GEMM that reads it.
/// Both were chosen by measuring the W1 layers with `vae-cli bench --chunk-columns --chunk-scalars`.
public enum ConvChunking {
    nonisolated(unsafe) public static var targetColumns = 1024
    nonisolated(unsafe) public static var maximumColumnScalars = 1 << 18

    public static func imagesPerChunk(batch: Int, plane: Int, columnRows: Int) -> Int {
        let wanted = (targetColumns + plane - 1) / max(1, plane)
        let affordable = maximumColumnScalars / max(1, columnRows * plane)
        return max(1, min(batch, wanted, affordable))
    }
}
