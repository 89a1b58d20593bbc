import NN

/// Splits a list into parts of given sizes so that every class keeps its proportions in each part.
///
/// Each class's members are shuffled, the classes laid end to end, and positions dealt to the
/// parts by largest deficit (the part furthest behind its share goes next). Any run of positions
/// then holds each part's share within two, so every class does too, and the part sizes come out
/// exactly as asked.
enum StratifiedPartition {
    /// Part sizes for `count` items from fractions summing to 1, by largest remainder.
    static func sizes(count: Int, fractions: [Double]) -> [Int] {
        var sizes = fractions.map { Int(($0 * Double(count)).rounded(.down)) }
        let byRemainder = fractions.indices.sorted {
            let a = fractions[$0] * Double(count) - Double(sizes[$0])
            let b = fractions[$1] * Double(count) - Double(sizes[$1])
            return a != b ? a > b : $0 < $1
        }
        for part in byRemainder.prefix(max(0, count - sizes.reduce(0, +))) { sizes[part] += 1 }
        return sizes
    }

    /// Indices into `labels` for each part (ascending), `sizes` summing to `labels.count`.
    /// Unlabelled items form one more class.
    static func partition(labels: [Int?], sizes: [Int], using generator: inout SeededGenerator) -> [[Int]] {
        let count = labels.count
        precondition(sizes.reduce(0, +) == count, "part sizes \(sizes) do not add up to \(count) items")
        var members: [Int: [Int]] = [:]
        for (index, label) in labels.enumerated() { members[label ?? -1, default: []].append(index) }
        var sequence: [Int] = []
        sequence.reserveCapacity(count)
        for label in members.keys.sorted() {
            var group = members[label]!
            SeedStreams.shuffle(&group, using: &generator)
            sequence += group
        }

        var parts = [[Int]](repeating: [], count: sizes.count)
        var dealt = [Int](repeating: 0, count: sizes.count)
        for (position, index) in sequence.enumerated() {
            // Deficit of part p after position+1 items, scaled by count: sizes[p]*(position+1) - dealt[p]*count.
            var best = 0, bestDeficit = Int.min
            for p in sizes.indices {
                let deficit = sizes[p] * (position + 1) - dealt[p] * count
                if deficit > bestDeficit { (best, bestDeficit) = (p, deficit) }
            }
            dealt[best] += 1
            parts[best].append(index)
        }
        return parts.map { $0.sorted() }
    }
}
