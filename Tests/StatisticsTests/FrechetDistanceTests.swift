import Foundation
import Testing
import Statistics

/// The Fréchet distance against scipy (References/fd_reference.py: pytorch-fid's formula, sqrtm(Σ1 Σ2), on
/// the same samples regenerated bit for bit), against the closed form for diagonal Gaussians,
/// and its identities: zero on identical sets, symmetric, refusing too few samples.
@Suite struct FrechetDistanceTests {
    /// scipy.linalg.sqrtm on the same 300 × 6 sets: 5.8360803003178763 (pytorch-fid's form);
    /// 5.8360803003178843 with the symmetric form (sqrtm(√Σ1 Σ2 √Σ1)).
    @Test func matchesScipyReference() throws {
        let x = ReferenceSamples.correlated(seed: 1, rows: 300, columns: 6, shift: 0, spread: 1)
        let y = ReferenceSamples.correlated(seed: 2, rows: 300, columns: 6, shift: 1.5, spread: 0.7)
        // The samples themselves are the reference's (first row and a covariance entry printed by it).
        #expect(Array(x.row(0)) == [-0.6553553776477886, -1.5547438098848152, -0.4247442289075475,
                                     -2.0128084858359006, 0.39770328990239195, -1.4234983394425313])
        let moments = try SampleMoments(x)
        #expect(ReferenceSamples.isClose(moments.covariance[1], -0.013416297878773391, relative: 1e-12))
        #expect(ReferenceSamples.isClose(moments.covariance[0], 0.6860797741996696, relative: 1e-14))
        let distance = try FrechetDistance(x, y)
        #expect(ReferenceSamples.isClose(distance.value, 5.8360803003178763, relative: 1e-8))
        #expect(ReferenceSamples.isClose(distance.value, 5.8360803003178843, relative: 1e-12))
    }

    @Test func zeroForIdenticalSets() throws {
        let x = ReferenceSamples.correlated(seed: 3, rows: 400, columns: 16, shift: 2, spread: 1.3)
        let distance = try FrechetDistance(x, x)
        // Relative to the size of the terms that cancel (tr Σ1 + tr Σ2).
        let traces = try SampleMoments(x).covariance.enumerated().filter { $0.offset % 17 == 0 }.reduce(0) { $0 + 2 * $1.element }
        #expect(distance.value <= 1e-9 * traces)
        #expect(distance.meanTerm == 0)
    }

    @Test func symmetricInItsArguments() throws {
        let x = ReferenceSamples.correlated(seed: 4, rows: 200, columns: 32, shift: 0, spread: 1)
        let y = ReferenceSamples.correlated(seed: 5, rows: 250, columns: 32, shift: 0.5, spread: 0.6)
        let forward = try FrechetDistance(x, y).value, backward = try FrechetDistance(y, x).value
        #expect(ReferenceSamples.isClose(forward, backward, relative: 1e-10))
    }

    /// Two Gaussians with diagonal covariances: FD = |Δμ|² + Σ(√a_i − √b_i)² on the population
    /// parameters, approached by 20,000 samples each (sampling error about 1%).
    @Test func approachesTheClosedFormForDiagonalGaussians() throws {
        let meanA = [0.0, 1, -1, 2], varianceA = [1.0, 4, 0.25, 2]
        let meanB = [0.5, 1, 0, 2], varianceB = [2.0, 1, 0.25, 3]
        var expected = 0.0
        for i in 0..<4 {
            expected += (meanA[i] - meanB[i]) * (meanA[i] - meanB[i])
            let rootGap = varianceA[i].squareRoot() - varianceB[i].squareRoot()
            expected += rootGap * rootGap
        }
        let x = ReferenceSamples.diagonal(seed: 11, rows: 20_000, mean: meanA, variance: varianceA)
        let y = ReferenceSamples.diagonal(seed: 12, rows: 20_000, mean: meanB, variance: varianceB)
        let distance = try FrechetDistance(x, y).value
        #expect(abs(distance - expected) <= 0.03 * expected, "FD \(distance), closed form \(expected)")
    }

    @Test func refusesTooFewSamples() throws {
        let small = ReferenceSamples.correlated(seed: 6, rows: 100, columns: 256, shift: 0, spread: 1)
        let large = ReferenceSamples.correlated(seed: 7, rows: 257, columns: 256, shift: 0, spread: 1)
        #expect(throws: StatisticsError.tooFewSamples(
            needed: 257, got: 100,
            reason: "FD needs at least D+1 = 257 samples per set for a 256-d covariance of full rank; the second set has 100")) {
            try FrechetDistance(large, small)
        }
        #expect(throws: StatisticsError.mismatch("the two sets have 256 and 6 features; the Fréchet distance needs the same dimension")) {
            try FrechetDistance(large, ReferenceSamples.correlated(seed: 1, rows: 300, columns: 6, shift: 0, spread: 1))
        }
    }

    @Test func refusesNonFiniteSamples() {
        #expect(throws: StatisticsError.nonFiniteValue(row: 1, column: 1)) {
            try SampleMatrix([[1, 2], [3, .infinity]])
        }
        #expect(throws: StatisticsError.self) { try SampleMatrix([[1, 2], [3]]) }
    }
}
