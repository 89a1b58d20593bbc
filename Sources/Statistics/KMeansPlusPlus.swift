import Foundation

/// The mixture's seeded starting partition: k-means++ centres (Arthur & Vassilvitskii 2007) from
/// the data, refined by a few Lloyd steps, then each sample given wholly to its nearest centre.
///
/// Starting EM from hard k-means labels is scikit-learn's default too; one generator drives every
/// choice, so a seed fixes the start bit for bit.
enum KMeansPlusPlus {
    /// Labels in 0..<count, one per row.
    static func labels(_ data: SampleMatrix, count k: Int, generator: inout SplitMix64, lloydSteps: Int = 20) -> [Int] {
        let n = data.rows, d = data.columns
        let x = data.values
        func distance(_ row: Int, _ centre: [Double], _ c: Int) -> Double {
            var sum = 0.0
            for j in 0..<d { let delta = x[row * d + j] - centre[c * d + j]; sum += delta * delta }
            return sum
        }
        var centres = [Double](repeating: 0, count: k * d)
        var first = Int(StandardNormal.uniform(using: &generator) * Double(n))
        first = min(first, n - 1)
        for j in 0..<d { centres[j] = x[first * d + j] }
        var nearest = (0..<n).map { distance($0, centres, 0) }
        for c in 1..<max(k, 1) {
            // The next centre with probability ∝ squared distance to the nearest chosen one.
            let total = nearest.reduce(0, +)
            var chosen = min(Int(StandardNormal.uniform(using: &generator) * Double(n)), n - 1)
            if total > 0 {
                let target = StandardNormal.uniform(using: &generator) * total
                var cumulative = 0.0
                chosen = n - 1
                for row in 0..<n {
                    cumulative += nearest[row]
                    if cumulative > target { chosen = row; break }
                }
            }
            for j in 0..<d { centres[c * d + j] = x[chosen * d + j] }
            for row in 0..<n { nearest[row] = min(nearest[row], distance(row, centres, c)) }
        }
        var labels = [Int](repeating: -1, count: n)
        for _ in 0...lloydSteps {
            var changed = false
            for row in 0..<n {
                var best = 0, bestDistance = Double.infinity
                for c in 0..<k {
                    let value = distance(row, centres, c)
                    if value < bestDistance { best = c; bestDistance = value }
                }
                if labels[row] != best { labels[row] = best; changed = true }
            }
            if !changed { break }
            // Each centre to its members' mean; an empty cluster keeps its centre.
            var sums = [Double](repeating: 0, count: k * d), counts = [Int](repeating: 0, count: k)
            for row in 0..<n {
                counts[labels[row]] += 1
                for j in 0..<d { sums[labels[row] * d + j] += x[row * d + j] }
            }
            for c in 0..<k where counts[c] > 0 {
                for j in 0..<d { centres[c * d + j] = sums[c * d + j] / Double(counts[c]) }
            }
        }
        return labels
    }
}
