import NN
import Statistics

extension CentredGram {
    /// The centred Gram matrix of the rows `rows` of float32 features `[N, width]` (row-major):
    /// each column's mean over those rows (in float64) is taken away, then XXᵀ is formed by
    /// OpenBLAS over `blockWidth` columns at a time, each block's float32 product added into a
    /// float64 sum. Centring before the product keeps the float32 sums small: the raw Gram matrix
    /// of ReLU features is dominated by their common mean, which centring would then cancel.
    public init(features: UnsafeBufferPointer<Float>, width: Int, rows: [Int], blockWidth: Int = 2048) throws {
        precondition(width > 0 && blockWidth > 0 && rows.allSatisfy { ($0 + 1) * width <= features.count },
                     "rows \(rows.count) of width \(width) outside \(features.count) features")
        let n = rows.count
        var gram = [Double](repeating: 0, count: n * n)
        var block = [Float](repeating: 0, count: n * min(blockWidth, width))   // [n, columns of the block]
        var product = [Float](repeating: 0, count: n * n)
        var means = [Double](repeating: 0, count: min(blockWidth, width))
        for first in stride(from: 0, to: width, by: blockWidth) {
            let columns = min(blockWidth, width - first)
            for j in 0..<columns { means[j] = 0 }
            for row in rows {
                let source = features.baseAddress! + row * width + first
                for j in 0..<columns { means[j] += Double(source[j]) }
            }
            for j in 0..<columns { means[j] /= Double(max(1, n)) }
            for (i, row) in rows.enumerated() {
                let source = features.baseAddress! + row * width + first
                for j in 0..<columns { block[i * columns + j] = Float(Double(source[j]) - means[j]) }
            }
            block.withUnsafeBufferPointer { b in
                product.withUnsafeMutableBufferPointer { c in
                    sgemm(transB: true, m: n, n: n, k: columns, a: b.baseAddress!, b: b.baseAddress!, c: c.baseAddress!,
                          parallel: true)
                }
            }
            for i in 0..<(n * n) { gram[i] += Double(product[i]) }
        }
        try self.init(gram: gram, count: n)
    }
}
