import NN

/// Projection onto the leading principal subspace, as t-SNE's usual first step (50 dimensions).
///
/// Subspace iteration: Q ← orthonormalise(Xᵀ X Q), two GEMMs a round on the centred rows X, never
/// forming the D×D covariance (D is 9216 for AlexNet's pool5). The result is in the coordinates of
/// an orthonormal basis of the subspace rather than of the eigenvectors themselves; distances
/// within the subspace, all that t-SNE looks at, are the same either way.
public enum PrincipalComponents {
    /// The centred rows of `x` `[N, D]` projected to `[N, min(dimensions, D)]`.
    public static func project(_ x: Tensor, dimensions: Int, iterations: Int = 8, seed: UInt64 = 0) -> Tensor {
        precondition(x.rank == 2 && x.shape[0] > 0 && dimensions > 0, "expected rows [N > 0, D] and dimensions > 0, found \(x.shape)")
        let (rows, width) = (x.shape[0], x.shape[1])
        let centred = centre(x)
        guard width > dimensions else { return centred }
        var generator = SeededGenerator(seed: seed)
        var basis = orthonormalRows(Tensor.normal(shape: [dimensions, width], using: &generator), using: &generator)
        var projected = Tensor(uninitializedShape: [rows, dimensions])
        for round in 0...iterations {
            centred.withUnsafeBufferPointer { xp in
                basis.withUnsafeBufferPointer { qp in
                    projected.withUnsafeMutableBufferPointer { yp in
                        // Y [N, k] = X [N, D] · Qᵀ [D, k]
                        sgemm(transB: true, m: rows, n: dimensions, k: width, a: xp.baseAddress!, b: qp.baseAddress!,
                              c: yp.baseAddress!, parallel: true)
                    }
                }
            }
            guard round < iterations else { break }
            var next = Tensor(uninitializedShape: [dimensions, width])
            centred.withUnsafeBufferPointer { xp in
                projected.withUnsafeBufferPointer { yp in
                    next.withUnsafeMutableBufferPointer { qp in
                        // Q [k, D] = Yᵀ [k, N] · X [N, D]
                        sgemm(transA: true, m: dimensions, n: width, k: rows, a: yp.baseAddress!, b: xp.baseAddress!,
                              c: qp.baseAddress!, parallel: true)
                    }
                }
            }
            basis = orthonormalRows(next, using: &generator)
        }
        return projected
    }

    /// Each column minus its mean (accumulated in Double).
    static func centre(_ x: Tensor) -> Tensor {
        let (rows, width) = (x.shape[0], x.shape[1])
        var mean = [Double](repeating: 0, count: width)
        var result = x
        result.withUnsafeMutableBufferPointer { values in
            for row in 0..<rows { for j in 0..<width { mean[j] += Double(values[row * width + j]) } }
            let means = mean.map { Float($0 / Double(rows)) }
            for row in 0..<rows { for j in 0..<width { values[row * width + j] -= means[j] } }
        }
        return result
    }

    /// Modified Gram–Schmidt on the rows, in Double. A row that vanishes (the data have fewer
    /// dimensions than asked for) is replaced by a fresh random direction, so the basis stays
    /// orthonormal; the data then have coordinate 0 along it.
    static func orthonormalRows(_ q: Tensor, using generator: inout SeededGenerator) -> Tensor {
        let (count, width) = (q.shape[0], q.shape[1])
        var rows = (0..<count).map { r in q.scalars[r * width..<(r + 1) * width].map(Double.init) }
        for r in 0..<count {
            var attempts = 0
            while true {
                let before = rows[r].reduce(0) { $0 + $1 * $1 }.squareRoot()
                for previous in 0..<r {
                    var dot = 0.0
                    for j in 0..<width { dot += rows[r][j] * rows[previous][j] }
                    for j in 0..<width { rows[r][j] -= dot * rows[previous][j] }
                }
                let norm = rows[r].reduce(0) { $0 + $1 * $1 }.squareRoot()
                if norm > 1e-6 * before || attempts == 3 {
                    rows[r] = rows[r].map { $0 / max(norm, 1e-300) }
                    break
                }
                rows[r] = (0..<width).map { _ in Double(generator.nextNormal()) }
                attempts += 1
            }
        }
        return Tensor(shape: [count, width], scalars: rows.flatMap { $0.map(Float.init) })
    }
}
