import Testing
import NN

@Suite struct TensorTests {
    @Test func gatheringRowsTakesThemInTheOrderGiven() {
        let t = Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
        let g = t.gatheringRows([2, 0, 2])
        #expect(g.shape == [3, 2])
        #expect(g.scalars == [5, 6, 1, 2, 5, 6])
    }

    @Test func reshapeKeepsScalars() {
        let t = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(t.reshaped([3, 2]).scalars == t.scalars)
        #expect(t.slice(1).scalars == [4, 5, 6])
    }

    @Test func seededGeneratorIsReproducible() {
        var a = SeededGenerator(seed: 7), b = SeededGenerator(seed: 7)
        #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
        var c = SeededGenerator(seed: 8)
        #expect(a.next() != c.next())
    }
}
