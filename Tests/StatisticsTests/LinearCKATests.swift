import Foundation
import Statistics
import Testing

/// Linear CKA: exactly 1 for the same features, unchanged by rotations and scalings of either
/// side, equal to the feature-space formula computed naively here, and to Kornblith et al.'s numpy
/// code (References/cka_reference.py).
@Suite struct LinearCKATests {
    static let x = ReferenceSamples.correlated(seed: 3, rows: 40, columns: 6, shift: 2, spread: 1)

    /// y = x[:, :4]² + 0.5 z, with z drawn as the reference draws it: related to x, not linearly.
    static let y: SampleMatrix = {
        let z = ReferenceSamples.correlated(seed: 9, rows: 40, columns: 4, shift: 0, spread: 1)
        var values: [Double] = []
        for i in 0..<40 {
            for j in 0..<4 {
                let xij: Double = x.values[i * 6 + j]
                values.append(xij * xij + 0.5 * z.values[i * 4 + j])
            }
        }
        return try! SampleMatrix(rows: 40, columns: 4, values: values)
    }()

    /// ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F) on column-centred X and Y, written out loop by loop.
    static func featureSpaceCKA(_ x: SampleMatrix, _ y: SampleMatrix) -> Double {
        func centred(_ m: SampleMatrix) -> [[Double]] {
            let means = (0..<m.columns).map { j in (0..<m.rows).reduce(0.0) { $0 + m.values[$1 * m.columns + j] } / Double(m.rows) }
            return (0..<m.rows).map { i in (0..<m.columns).map { m.values[i * m.columns + $0] - means[$0] } }
        }
        func squaredCrossNorm(_ a: [[Double]], _ b: [[Double]]) -> Double {
            var total = 0.0
            for p in 0..<a[0].count {
                for q in 0..<b[0].count {
                    let entry = a.indices.reduce(0.0) { $0 + a[$1][p] * b[$1][q] }
                    total += entry * entry
                }
            }
            return total
        }
        let (a, b) = (centred(x), centred(y))
        return squaredCrossNorm(b, a) / (squaredCrossNorm(a, a).squareRoot() * squaredCrossNorm(b, b).squareRoot())
    }

    /// `m` times a random orthogonal matrix (Gram–Schmidt of seeded normal columns), times `scale`.
    static func rotated(_ m: SampleMatrix, seed: UInt64, scale: Double) -> SampleMatrix {
        let d = m.columns
        var generator = SplitMix64(seed: seed)
        var basis: [[Double]] = []
        while basis.count < d {
            var v = (0..<d).map { _ in StandardNormal.draw(using: &generator) }
            for u in basis {
                let projection = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
                v = zip(v, u).map { $0 - projection * $1 }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            basis.append(v.map { $0 / norm })
        }
        var values: [Double] = []
        for i in 0..<m.rows {
            for j in 0..<d {
                var sum = 0.0
                for k in 0..<d { sum += m.values[i * d + k] * basis[j][k] }
                values.append(scale * sum)
            }
        }
        return try! SampleMatrix(rows: m.rows, columns: d, values: values)
    }

    @Test func identicalFeaturesGiveExactlyOne() throws {
        #expect(try LinearCKA.similarity(Self.x, Self.x) == 1)
        #expect(try LinearCKA.similarity(Self.y, Self.y) == 1)
        // The Gram form of the same features, from its two constructors.
        let gram = try CentredGram(Self.x)
        #expect(try LinearCKA.similarity(gram, CentredGram(gram: gram.values, count: 40)) == 1)
    }

    @Test func matchesTheNaiveFeatureFormAndKornblithsCode() throws {
        let cka = try LinearCKA.similarity(Self.x, Self.y)
        #expect(abs(cka - Self.featureSpaceCKA(Self.x, Self.y)) < 1e-13, "\(cka)")
        // Kornblith et al.'s cka(gram_linear(X), gram_linear(Y)) in numpy 1.26 float64:
        // ~/venv-scipy/bin/python Tests/StatisticsTests/References/cka_reference.py → 0.6073303507269705.
        #expect(abs(cka - 0.6073303507269705) < 1e-13, "\(cka)")
        #expect(abs(try LinearCKA.similarity(Self.y, Self.x) - cka) < 1e-15)
    }

    @Test func invariantToRotationsAndIsotropicScaling() throws {
        let cka = try LinearCKA.similarity(Self.x, Self.y)
        for (seed, scale) in [(UInt64(1), 1.0), (2, 3.7), (3, 1e-3)] {
            let x2 = Self.rotated(Self.x, seed: seed, scale: scale), y2 = Self.rotated(Self.y, seed: seed + 10, scale: 1 / scale)
            #expect(abs(try LinearCKA.similarity(x2, Self.y) - cka) < 1e-12)
            #expect(abs(try LinearCKA.similarity(Self.x, y2) - cka) < 1e-12)
            #expect(abs(try LinearCKA.similarity(x2, y2) - cka) < 1e-12)
        }
        // A non-isotropic scaling is not ignored: CKA is not invariant to every linear map.
        let stretchedValues: [Double] = Self.x.values.enumerated().map { $0.offset % 6 == 0 ? 20 * $0.element : $0.element }
        let stretched = try SampleMatrix(rows: 40, columns: 6, values: stretchedValues)
        #expect(abs(try LinearCKA.similarity(stretched, Self.y) - cka) > 1e-3)
    }

    @Test func refusals() throws {
        let two = try SampleMatrix(rows: 2, columns: 1, values: [1, 2])
        let constant = try SampleMatrix(rows: 3, columns: 2, values: [1, 2, 1, 2, 1, 2])
        let three = try SampleMatrix(rows: 3, columns: 1, values: [1, 2, 4])
        #expect(throws: StatisticsError.mismatch("CKA compares representations of the same examples; got 2 and 3")) {
            try LinearCKA.similarity(two, three)
        }
        #expect(throws: StatisticsError.invalidArgument("CKA is undefined: the first representation is the same for every example")) {
            try LinearCKA.similarity(constant, three)
        }
        #expect(throws: StatisticsError.tooFewSamples(needed: 2, got: 1, reason: "a centred Gram matrix needs at least two examples")) {
            try CentredGram(gram: [4], count: 1)
        }
    }
}
