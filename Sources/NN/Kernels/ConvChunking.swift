/// How many images one batched im2col + GEMM covers.
///
/// OpenBLAS runs a GEMM with few columns poorly (and single-threaded), so small output planes are
/// batched until a GEMM has at least `targetColumns` columns; the column matrix is capped at
/// `maximumColumnScalars` so large inputs fall back to one image at a time.
public enum ConvChunking {
    nonisolated(unsafe) public static var targetColumns = 2048
    nonisolated(unsafe) public static var maximumColumnScalars = 32 << 20

    public static func imagesPerChunk(batch: Int, plane: Int, columnRows: Int) -> Int {
        let wanted = (targetColumns + plane - 1) / max(1, plane)
        let affordable = maximumColumnScalars / max(1, columnRows * plane)
        return max(1, min(batch, wanted, affordable))
    }
}

/// A growable scratch buffer reused across calls (darknet's workspace), so hot paths do not
/// allocate. Contents are not preserved between uses.
public final class Workspace {
    private var storage: [Float] = []

    public init() {}

    public func withBuffer<R>(count: Int, _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        if storage.count < count { storage = [Float](repeating: 0, count: count) }
        return storage.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }
}
