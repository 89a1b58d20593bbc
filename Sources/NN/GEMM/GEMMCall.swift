/// One product as `sgemm` hands it to OpenBLAS: op(A) [m, k] · op(B) [k, n] into C [m, n], with
/// the leading dimensions it runs with.
@_spi(Benchmarks)
public struct GEMMCall: Sendable, Equatable {
    public let transA: Bool, transB: Bool
    public let m: Int, n: Int, k: Int
    public let alpha: Float, beta: Float
    public let lda: Int, ldb: Int, ldc: Int

    public var multiplyAdds: Double { Double(m) * Double(n) * Double(k) }
}
