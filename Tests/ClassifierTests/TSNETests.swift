import Classifier
import Foundation
import NN
import Testing

@Suite struct TSNETests {
    /// Two Gaussian blobs of 30 points in 10 dimensions, 8 standard deviations apart.
    static func blobs() -> (Tensor, [Int]) {
        var generator = SeededGenerator(seed: 5)
        var scalars: [Float] = [], labels: [Int] = []
        for blob in 0..<2 {
            for _ in 0..<30 {
                scalars += (0..<10).map { d in generator.nextNormal() + (d == 0 && blob == 1 ? 8 : 0) }
                labels.append(blob)
            }
        }
        return (Tensor(shape: [60, 10], scalars: scalars), labels)
    }

    @Test func twoBlobsStayApartInTheMap() {
        let (x, labels) = Self.blobs()
        let tsne = TSNE(perplexity: 10, iterations: 400, seed: 3)
        let map = tsne.embed(x)
        #expect(map.x.count == 60 && map.klDivergence.isFinite && map.klDivergence >= 0)
        func distance(_ i: Int, _ j: Int) -> Double { hypot(map.x[i] - map.x[j], map.y[i] - map.y[j]) }
        // Every point's five nearest neighbours in the map come from its own blob.
        for i in 0..<60 {
            let nearest = (0..<60).filter { $0 != i }.sorted { distance(i, $0) < distance(i, $1) }.prefix(5)
            #expect(nearest.allSatisfy { labels[$0] == labels[i] }, "point \(i)")
        }
        // And the blobs' centres lie far apart compared with the blobs' own spread.
        let centres = (0..<2).map { blob -> (Double, Double) in
            let members = (0..<60).filter { labels[$0] == blob }
            return (members.map { map.x[$0] }.reduce(0, +) / 30, members.map { map.y[$0] }.reduce(0, +) / 30)
        }
        let spread = (0..<60).map { hypot(map.x[$0] - centres[labels[$0]].0, map.y[$0] - centres[labels[$0]].1) }
            .reduce(0, +) / 60
        #expect(hypot(centres[0].0 - centres[1].0, centres[0].1 - centres[1].1) > 3 * spread)
        // Seeded: the same map again.
        let again = tsne.embed(x)
        #expect(again.x == map.x && again.y == map.y)
    }

    /// Points in a 3-D subspace of 20-D space keep their pairwise distances in the 3-D projection.
    @Test func principalComponentsKeepDistancesWithinTheSubspace() {
        var generator = SeededGenerator(seed: 8)
        let basis = Tensor.normal(shape: [3, 20], using: &generator)
        let coordinates = Tensor.normal(shape: [25, 3], using: &generator)
        var x = Tensor(zeros: [25, 20])
        for n in 0..<25 {
            for d in 0..<20 {
                x[flat: n * 20 + d] = 5 + (0..<3).reduce(0) { $0 + coordinates[flat: n * 3 + $1] * basis[flat: $1 * 20 + d] }
            }
        }
        let projected = PrincipalComponents.project(x, dimensions: 3, seed: 1)
        #expect(projected.shape == [25, 3])
        func distance(_ t: Tensor, _ i: Int, _ j: Int) -> Float {
            let width = t.shape[1]
            return (0..<width).reduce(0) { $0 + pow(t[flat: i * width + $1] - t[flat: j * width + $1], 2) }.squareRoot()
        }
        for (i, j) in [(0, 1), (3, 17), (8, 24), (11, 12)] {
            #expect(abs(distance(projected, i, j) - distance(x, i, j)) < 1e-3 * distance(x, i, j))
        }
        // Fewer features than dimensions: the rows are only centred.
        #expect(PrincipalComponents.project(coordinates, dimensions: 50).shape == [25, 3])
    }
}
