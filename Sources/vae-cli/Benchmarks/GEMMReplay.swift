@_spi(Benchmarks) import NN

/// A layer's recorded GEMMs (`GEMMRecorder`) run again alone, spread over the workers in shares of
/// equal work, on operands of their own that stay in cache: the time the layer would take if
/// nothing but its products cost anything. W3 asks for this ceiling per layer.
final class GEMMReplay {
    private let shares: [[GEMMCall]]
    /// Per share: A, B and C, each large enough for every call in the share.
    private let operands: [[UnsafeMutablePointer<Float>]]

    init(_ calls: [GEMMCall], workers: Int = Parallel.workers) {
        precondition(!calls.isEmpty, "no GEMM was recorded")
        let total = calls.reduce(0) { $0 + $1.multiplyAdds }
        var shares = [[GEMMCall]](repeating: [], count: max(1, workers))
        var done = 0.0
        for call in calls {   // the share whose part of the work this call starts in
            shares[min(shares.count - 1, Int(done / total * Double(shares.count)))].append(call)
            done += call.multiplyAdds
        }
        self.shares = shares.filter { !$0.isEmpty }
        var generator = SeededGenerator(seed: 21)
        operands = self.shares.map { share in
            let extents: [(GEMMCall) -> Int] = [
                { $0.transA ? ($0.k - 1) * $0.lda + $0.m : ($0.m - 1) * $0.lda + $0.k },
                { $0.transB ? ($0.n - 1) * $0.ldb + $0.k : ($0.k - 1) * $0.ldb + $0.n },
                { ($0.m - 1) * $0.ldc + $0.n },
            ]
            return extents.map { extent in
                let count = share.map(extent).max()!
                let values = UnsafeMutablePointer<Float>.allocate(capacity: count)
                for i in 0..<count { values[i] = Float.random(in: -1...1, using: &generator) }
                return values
            }
        }
    }

    deinit { operands.joined().forEach { $0.deallocate() } }

    /// Runs every recorded product once, the shares concurrently.
    func run() {
        Parallel.forEachChunk(shares.count) { range in
            for s in range {
                let (a, b, c) = (operands[s][0], operands[s][1], operands[s][2])
                for call in shares[s] {
                    sgemm(transA: call.transA, transB: call.transB, m: call.m, n: call.n, k: call.k,
                          alpha: call.alpha, a: a, lda: call.lda, b: b, ldb: call.ldb, beta: call.beta, c: c, ldc: call.ldc)
                }
            }
        }
    }
}
