import Testing
import NN
import TestSupport

/// Reshape, Flatten and Upsample.
@Suite struct ShapeLayerTests {
    @Test func reshapeKeepsBatchAndScalars() {
        let x = uniformAwayFromZero(shape: [2, 12], seed: 1)
        let reshape = Reshape([3, 2, 2])
        let y = reshape.forward(x, mode: .training)
        #expect(y.shape == [2, 3, 2, 2])
        #expect(y.scalars == x.scalars)
        let dx = reshape.backward(y, needsInputGradient: true)!
        #expect(dx == x)
        #expect(gradientMismatches(of: Reshape([4, 3]), input: x).isEmpty)
    }

    @Test func flattenKeepsBatch() {
        let x = uniformAwayFromZero(shape: [3, 2, 2, 5], seed: 2)
        let flatten = Flatten()
        let y = flatten.forward(x, mode: .training)
        #expect(y.shape == [3, 20])
        #expect(y.scalars == x.scalars)
        #expect(flatten.backward(y, needsInputGradient: true) == x)
        #expect(gradientMismatches(of: Flatten(), input: x).isEmpty)
    }

    @Test func upsampleGolden() {
        // Each value fills a 2×2 block; backward sums each block, so ones come back as 4s.
        let upsample = Upsample(scaleFactor: 2)
        let y = upsample.forward(Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4]), mode: .training)
        #expect(y.shape == [1, 1, 4, 4])
        #expect(y.scalars == [1, 1, 2, 2,
                              1, 1, 2, 2,
                              3, 3, 4, 4,
                              3, 3, 4, 4])
        let dy = Tensor(shape: [1, 1, 4, 4], scalars: (0..<16).map(Float.init))
        // Block sums: (0+1+4+5, 2+3+6+7, 8+9+12+13, 10+11+14+15).
        #expect(upsample.backward(dy, needsInputGradient: true)!.scalars == [10, 18, 42, 50])
    }

    @Test func upsampleMatchesNaiveLoops() {
        let x = uniformAwayFromZero(shape: [2, 3, 3, 2], seed: 3)
        for s in [1, 2, 3] {
            #expect(Upsample(scaleFactor: s).forward(x, mode: .inference) == NaiveLayers.upsample(x, scaleFactor: s))
        }
    }

    @Test func upsampleGradientMatchesFiniteDifferences() {
        let x = uniformAwayFromZero(shape: [2, 2, 2, 3], seed: 4)
        for s in [2, 3] {
            let mismatches = gradientMismatches(of: Upsample(scaleFactor: s), input: x)
            #expect(mismatches.isEmpty, "scale \(s): \(mismatches)")
        }
    }
}
