import Foundation
import Statistics

/// Draws from a known, well separated 3-d mixture, as References/gmm_reference.py does (same words, same order).
enum MixtureSamples {
    static let centres: [[Double]] = [[0, 0, 0], [6, 0, -3], [0, 7, 4]]
    static let scales: [Double] = [1, 0.5, 1.5]
    static let weights: [Double] = [0.3, 0.5, 0.2]

    static func draw(seed: UInt64, rows: Int) -> SampleMatrix {
        var generator = SplitMix64(seed: seed)
        var values: [Double] = []
        for _ in 0..<rows {
            let u = StandardNormal.uniform(using: &generator)
            var component = 2, cumulative = 0.0
            for (index, weight) in weights.enumerated() {
                cumulative += weight
                if u < cumulative { component = index; break }
            }
            for j in 0..<3 { values.append(centres[component][j] + scales[component] * StandardNormal.draw(using: &generator)) }
        }
        return try! SampleMatrix(rows: rows, columns: 3, values: values)
    }

    /// The fixed mixture whose densities and one EM step gmm_reference.py computes.
    static func referenceMixture() throws -> GaussianMixture {
        try GaussianMixture(
            weights: [0.4, 0.4, 0.2],
            means: [[1, 1, 1], [5, 0, -2], [0, 6, 3]],
            covariances: [[2, 0.3, 0.3, 0.3, 2, 0.3, 0.3, 0.3, 2],
                          [1, 0, 0, 0, 1.5, 0.2, 0, 0.2, 0.8],
                          [3, -0.5, 0, -0.5, 2, 0.1, 0, 0.1, 1]])
    }
}
