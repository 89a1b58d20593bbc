import Foundation
import Statistics

/// Sample sets that the throw-away numpy/scipy reference regenerates bit for bit: SplitMix64 words,
/// Box–Muller through glibc's log and cos (Python's math module calls the same), and the same
/// order of every sum.
enum ReferenceSamples {
    /// x_j = shift·(j+1)/d + Σ_k M[j][k] z_k with M[j][k] = spread·(δ_jk + ((7j+3k) mod 5 − 2)/8),
    /// z ~ N(0, I) drawn row by row.
    static func correlated(seed: UInt64, rows: Int, columns d: Int, shift: Double, spread: Double) -> SampleMatrix {
        var generator = SplitMix64(seed: seed)
        var values: [Double] = []
        values.reserveCapacity(rows * d)
        for _ in 0..<rows {
            let z = (0..<d).map { _ in StandardNormal.draw(using: &generator) }
            for j in 0..<d {
                var sum = 0.0
                for k in 0..<d {
                    let mixing = spread * ((j == k ? 1.0 : 0.0) + Double((j * 7 + k * 3) % 5 - 2) / 8.0)
                    sum += mixing * z[k]
                }
                values.append(shift * Double(j + 1) / Double(d) + sum)
            }
        }
        return try! SampleMatrix(rows: rows, columns: d, values: values)
    }

    /// Independent coordinates: x_j = mean[j] + √variance[j] · z_j.
    static func diagonal(seed: UInt64, rows: Int, mean: [Double], variance: [Double]) -> SampleMatrix {
        var generator = SplitMix64(seed: seed)
        var values: [Double] = []
        for _ in 0..<rows {
            for j in mean.indices { values.append(mean[j] + variance[j].squareRoot() * StandardNormal.draw(using: &generator)) }
        }
        return try! SampleMatrix(rows: rows, columns: mean.count, values: values)
    }

    static func isClose(_ a: Double, _ b: Double, relative: Double) -> Bool {
        abs(a - b) <= relative * max(abs(a), abs(b), 1e-300)
    }
}
