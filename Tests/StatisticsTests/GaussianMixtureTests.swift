import Foundation
import Testing
@testable import Statistics

/// The mixture's densities against scipy.stats.multivariate_normal, one EM step against numpy
/// (References/gmm_reference.py, on the same 200 samples), and EM's behaviour on a known mixture.
@Suite struct GaussianMixtureTests {
    static let close = ReferenceSamples.isClose

    @Test func densitiesMatchScipy() throws {
        let data = MixtureSamples.draw(seed: 21, rows: 200)
        #expect(Array(data.row(0)) == [-2.194611223880778, 1.224735396228764, 0.6342912291670922])
        let mixture = try MixtureSamples.referenceMixture()
        let densities = try mixture.logDensities(of: data)
        for (value, expected) in zip(densities, [-7.359312535589235, -7.458952909697469, -4.837357816106832]) {
            #expect(Self.close(value, expected, 1e-12))
        }
        #expect(Self.close(try mixture.logLikelihood(of: data), -6.1377793061279764, 1e-12))
    }

    @Test func oneEMStepMatchesNumpy() throws {
        let data = MixtureSamples.draw(seed: 21, rows: 200)
        let (_, responsibilities) = GaussianMixture.expectation(data, try MixtureSamples.referenceMixture())
        let next = try GaussianMixture.maximisation(data, responsibilities, components: 3, regularisation: 1e-6)
        let weights = [0.31616302209055397, 0.490240302239007, 0.19359667567043903]
        let means = [[0.03912395493668496, -0.17405992320122785, 0.26455152555375383],
                     [5.98556566480169, 0.034040029582589004, -3.0317158214667863],
                     [0.015713165965213095, 6.966911284486269, 4.432071789365454]]
        let covariance2 = [2.237057066774505, -0.05915638605793297, -0.1589217821047455,
                           -0.05915638605793304, 1.682934884210182, -0.033162966633332874,
                           -0.15892178210474545, -0.033162966633332895, 2.286844366433548]
        for (value, expected) in zip(next.weights, weights) { #expect(Self.close(value, expected, 1e-12)) }
        for (row, expectedRow) in zip(next.means, means) {
            for (value, expected) in zip(row, expectedRow) { #expect(abs(value - expected) <= 1e-12 * 10) }
        }
        for (value, expected) in zip(next.covariances[2], covariance2) { #expect(abs(value - expected) <= 1e-12 * 3) }
    }

    @Test func recoversAKnownMixture() throws {
        let data = MixtureSamples.draw(seed: 22, rows: 3000)
        let mixture = try GaussianMixture.fit(data, components: 3, seed: 1)
        #expect(mixture.converged)
        for (truth, weight) in zip(MixtureSamples.centres, MixtureSamples.weights) {
            // The fitted component nearest to each true centre (they come in any order).
            let nearest = mixture.means.indices.min { a, b in
                zip(mixture.means[a], truth).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
                    < zip(mixture.means[b], truth).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
            }!
            for (value, expected) in zip(mixture.means[nearest], truth) { #expect(abs(value - expected) < 0.15) }
            #expect(abs(mixture.weights[nearest] - weight) < 0.03)
        }
    }

    @Test func logLikelihoodNeverDecreasesAndEndsAtTheModel() throws {
        let data = MixtureSamples.draw(seed: 23, rows: 1000)
        // A fourth component where there are three, and no tolerance: many small EM steps.
        let mixture = try GaussianMixture.fit(data, components: 4, seed: 5, tolerance: 0, maxIterations: 40)
        let history = mixture.logLikelihoodHistory
        #expect(history.count == 40 && !mixture.converged)
        for (before, after) in zip(history, history.dropFirst()) {
            #expect(after >= before - 1e-12 * abs(before), "log-likelihood fell from \(before) to \(after)")
        }
        #expect(Self.close(try mixture.logLikelihood(of: data), history.last!, 1e-12))
    }

    @Test func sameSeedSameMixture() throws {
        let data = MixtureSamples.draw(seed: 24, rows: 600)
        let first = try GaussianMixture.fit(data, components: 3, seed: 42)
        let second = try GaussianMixture.fit(data, components: 3, seed: 42)
        #expect(first == second)
        #expect(first.parameters == second.parameters)
    }

    @Test func parametersRoundTrip() throws {
        let mixture = try GaussianMixture.fit(MixtureSamples.draw(seed: 25, rows: 300), components: 2, seed: 3)
        let restored = try GaussianMixture(parameters: mixture.parameters)
        #expect(restored == mixture)
        for (name, values) in mixture.parameters { #expect(mixture.parameterShapes[name]!.reduce(1, *) == values.count) }
        var missing = mixture.parameters
        missing["means"] = nil
        #expect(throws: StatisticsError.self) { try GaussianMixture(parameters: missing) }
        var short = mixture.parameters
        short["covariances"]!.removeLast()
        #expect(throws: StatisticsError.badShape("for K = 2, D = 3: weights need 2 values (got 2), means 6 (got 6), covariances 18 (got 17)")) {
            try GaussianMixture(parameters: short)
        }
    }

    /// 40,000 draws: the mixture's overall mean Σ w μ and covariance Σ w (Σ + μμᵀ) − m mᵀ.
    @Test func samplesReproduceTheMoments() throws {
        let mixture = try MixtureSamples.referenceMixture()
        var generator = SplitMix64(seed: 77)
        let draws = try mixture.sample(count: 40_000, generator: &generator)
        var again = SplitMix64(seed: 77)
        #expect(try mixture.sample(count: 10, generator: &again).values == Array(draws.values[0..<30]))
        let moments = try SampleMoments(draws)
        var mean = [Double](repeating: 0, count: 3), second = [Double](repeating: 0, count: 9)
        for c in 0..<3 {
            for i in 0..<3 { mean[i] += mixture.weights[c] * mixture.means[c][i] }
            for i in 0..<3 { for j in 0..<3 {
                second[i * 3 + j] += mixture.weights[c] * (mixture.covariances[c][i * 3 + j] + mixture.means[c][i] * mixture.means[c][j])
            } }
        }
        for i in 0..<3 { #expect(abs(moments.mean[i] - mean[i]) < 0.05) }
        for i in 0..<3 { for j in 0..<3 {
            #expect(abs(moments.covariance[i * 3 + j] - (second[i * 3 + j] - mean[i] * mean[j])) < 0.15)
        } }
    }

    @Test func badInputThrows() throws {
        let data = MixtureSamples.draw(seed: 26, rows: 5)
        #expect(throws: StatisticsError.tooFewSamples(needed: 6, got: 5, reason: "a mixture of 6 components needs at least one sample per component")) {
            try GaussianMixture.fit(data, components: 6, seed: 1)
        }
        #expect(throws: StatisticsError.self) { try GaussianMixture.fit(data, components: 0, seed: 1) }
        #expect(throws: StatisticsError.nonFiniteValue(row: 0, column: 2)) { try SampleMatrix([[1, 2, .nan]]) }
        #expect(throws: StatisticsError.self) { try MixtureSamples.referenceMixture().logLikelihood(of: SampleMatrix([[1, 2]])) }
        #expect(throws: StatisticsError.self) {
            try GaussianMixture(weights: [1], means: [[0, 0]], covariances: [[1, 2, 2, 1]])
        }
        #expect(throws: StatisticsError.invalidArgument("covariance 0 is not symmetric: [1, 0] = 0.0, [0, 1] = 0.5")) {
            try GaussianMixture(weights: [1], means: [[0, 0]], covariances: [[1, 0.5, 0, 1]])
        }
        #expect(throws: StatisticsError.invalidArgument("mixture weights must be positive and sum to 1; got [0.5, 0.6]")) {
            try GaussianMixture(weights: [0.5, 0.6], means: [[0], [1]], covariances: [[1], [1]])
        }
    }
}
