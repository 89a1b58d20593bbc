/// How many images one im2col + GEMM covers.
///
/// A GEMM with few columns runs poorly, so small output planes are grouped until a chunk has at
/// least `targetColumns` columns; the column matrix is capped at `maximumColumnScalars` so that it
/// stays in cache between im2col and the GEMM that reads it.
public enum ConvChunking {
    nonisolated(unsafe) public static var targetColumns = 512
    nonisolated(unsafe) public static var maximumColumnScalars = 1 << 20

    public static func imagesPerChunk(batch: Int, plane: Int, columnRows: Int) -> Int {
        let wanted = (targetColumns + plane - 1) / max(1, plane)
        let affordable = maximumColumnScalars / max(1, columnRows * plane)
        return max(1, min(batch, wanted, affordable))
    }
}
