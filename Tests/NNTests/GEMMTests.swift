import Testing
@_spi(Benchmarks) @testable import NN

/// The sgemm wrapper against a naive triple loop. Small integers keep every product and sum
/// exact, so any summation order must give the same numbers.
@Suite struct GEMMTests {
    /// op(A) [m, k], op(B) [k, n], C [m, n] stored with leading dimensions lda, ldb, ldc.
    struct Product {
        let m: Int, n: Int, k: Int, transA: Bool, transB: Bool
        var lda: Int { (transA ? m : k) + 3 }
        var ldb: Int { (transB ? k : n) + 5 }
        var ldc: Int { n + 7 }
        var a: [Float] { (0..<((transA ? k : m) * lda)).map { Float($0 % 7) - 3 } }
        var b: [Float] { (0..<((transB ? n : k) * ldb)).map { Float($0 % 5) - 2 } }

        func expected() -> [Float] {
            let a = self.a, b = self.b
            var c = [Float](repeating: -1, count: m * ldc)
            for i in 0..<m { for j in 0..<n {
                var sum: Float = 0
                for p in 0..<k {
                    sum += (transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j])
                }
                c[i * ldc + j] = sum
            } }
            return c
        }

        func computed(parallel: Bool = false) -> [Float] {
            let a = self.a, b = self.b
            var c = [Float](repeating: -1, count: m * ldc)
            a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
                sgemm(transA: transA, transB: transB, m: m, n: n, k: k, a: ap.baseAddress!, lda: lda,
                      b: bp.baseAddress!, ldb: ldb, c: cp.baseAddress!, ldc: ldc, parallel: parallel)
            } } }
            return c
        }
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func everyTransposeWithLeadingDimensions(_ t: (Bool, Bool)) {
        let p = Product(m: 13, n: 17, k: 11, transA: t.0, transB: t.1)
        #expect(p.computed() == p.expected())
    }

    /// A thin product wider than `DirectGEMM.columnBlock` goes in column blocks where OpenBLAS has
    /// its direct path (A transposed first if need be); the columns past n (inside ldc) must stay
    /// untouched.
    @Test(arguments: [false, true]) func thinWideProductInColumnBlocks(transA: Bool) {
        let p = Product(m: 8, n: 3 * DirectGEMM.columnBlock + 77, k: 9, transA: transA, transB: false)
        #expect(p.m * p.k <= DirectGEMM.thinArea)
        #expect(p.computed() == p.expected())
    }

    @Test(arguments: [(64, 3000, 40), (3000, 64, 40)])
    func splitOverWorkersByColumnsOrRows(_ size: (Int, Int, Int)) {
        let p = Product(m: size.0, n: size.1, k: size.2, transA: false, transB: false)
        #expect(p.computed(parallel: true) == p.expected())
    }

    /// The bench replays what `GEMMRecorder` records, so a recording must hold every product a layer
    /// runs, on every worker. Other tests may run GEMMs meanwhile: only this layer's shape counts.
    @Test func traceRecordsEveryProductOfAConvolution() {
        var g = SeededGenerator(seed: 31)
        let conv = Conv2D(inputChannels: 5, outputChannels: 7, kernelSize: 3, padding: 1, generator: &g)
        let x = Tensor.uniform(shape: [6, 5, 9, 9], low: -1, high: 1, using: &g)
        let calls = GEMMRecorder.record { _ = conv.forward(x, mode: .inference) }
            .filter { $0.m == 7 && $0.k == 5 * 3 * 3 }
        #expect(calls.reduce(0) { $0 + $1.multiplyAdds } == Double(6 * 7 * 45 * 81))
        #expect(calls.allSatisfy { !$0.transA && !$0.transB && $0.beta == 0 })
    }

    /// A product split over the workers is recorded as its blocks, which add up to the whole.
    @Test func traceRecordsTheBlocksOfASplitProduct() {
        let p = Product(m: 61, n: 3001, k: 43, transA: false, transB: false)
        let calls = GEMMRecorder.record { _ = p.computed(parallel: true) }.filter { $0.k == 43 && $0.lda == p.lda }
        #expect(calls.count == min(Parallel.workers, 3001 / GEMMPath.minimumBlock))
        #expect(calls.reduce(0) { $0 + $1.multiplyAdds } == Double(61 * 3001 * 43))
    }

    /// Recordings may overlap (these tests run concurrently): each receives every product run
    /// while it is on, and the end of one does not end another.
    @Test func overlappingRecordingsEachKeepTheirProducts() {
        let (first, second, third) = (Product(m: 3, n: 5, k: 101, transA: false, transB: false),
                                      Product(m: 3, n: 5, k: 102, transA: false, transB: false),
                                      Product(m: 3, n: 5, k: 103, transA: false, transB: false))
        var inner: [GEMMCall] = []
        let outer = GEMMRecorder.record {
            _ = first.computed()
            inner = GEMMRecorder.record { _ = second.computed() }
            _ = third.computed()
        }
        #expect(outer.map(\.k).filter { (101...103).contains($0) } == [101, 102, 103])
        #expect(inner.map(\.k).filter { (101...103).contains($0) } == [102])
    }

    /// `GEMMPath` is where sgemm decides: a split only when asked for and large enough, column
    /// blocks only for thin, wide, untransposed-B products on cores with the direct kernels.
    @Test func pathChoice() {
        func path(m: Int, n: Int, k: Int, transB: Bool = false, beta: Float = 0, parallel: Bool) -> GEMMPath {
            GEMMPath(GEMMCall(transA: false, transB: transB, m: m, n: n, k: k, alpha: 1, beta: beta,
                              lda: k, ldb: transB ? k : n, ldc: n), parallel: parallel)
        }
        #expect(path(m: 64, n: 3000, k: 40, parallel: false) == .whole)
        #expect(path(m: 3, n: 5, k: 7, parallel: true) == .whole)       // too small to split
        if Parallel.workers > 1 {
            #expect(path(m: 64, n: 3000, k: 40, parallel: true) == .split(workers: min(Parallel.workers, 3000 / 16)))
        }
        let thin = path(m: 8, n: 3 * DirectGEMM.columnBlock, k: 9, parallel: false)
        #expect(thin == (DirectGEMM.available ? .thinColumnBlocks : .whole))
        #expect(path(m: 8, n: 3 * DirectGEMM.columnBlock, k: 9, transB: true, parallel: false) == .whole)
        #expect(path(m: 8, n: 3 * DirectGEMM.columnBlock, k: 9, beta: 1, parallel: false) == .whole)
        #expect(path(m: 8, n: DirectGEMM.columnBlock, k: 9, parallel: false) == .whole)   // not wide
    }
}
