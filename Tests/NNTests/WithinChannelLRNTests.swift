import Foundation
import NN
import Testing
import TestSupport

@Suite struct WithinChannelLRNTests {
    /// Golden, size 3, alpha 9, beta 0.5 on a 1x2 plane [1, 2]: every window holds both values
    /// (zeros outside), Σx² = 5, and Caffe divides by 3² = 9 at the border too:
    /// y = x / sqrt(1 + 9 · 5/9) = x / sqrt(6).
    @Test func goldenBorderDivisor() {
        let lrn = WithinChannelLRN(size: 3, alpha: 9, beta: 0.5)
        let y = lrn.forward(Tensor(shape: [1, 1, 1, 2], scalars: [1, 2]), mode: .inference)
        #expect(abs(y[flat: 0] - 1 / Float(6).squareRoot()) < 1e-6)
        #expect(abs(y[flat: 1] - 2 / Float(6).squareRoot()) < 1e-6)
    }

    @Test(arguments: [(3, Float(0.5), Float(0.75)), (5, 2, 0.6), (1, 1, 1)])
    func matchesCaffesCompositionAndGradientCheck(_ size: Int, _ alpha: Float, _ beta: Float) {
        var g = SeededGenerator(seed: 13)
        let x = Tensor.uniform(shape: [2, 2, 5, 4], low: -1.5, high: 1.5, using: &g)
        let lrn = WithinChannelLRN(size: size, alpha: alpha, beta: beta)
        let naive = NaiveCaffe64.lrnWithinChannel(Blob64(shape: x.shape, values: x.scalars.map(Double.init)),
                                                  size: size, alpha: Double(alpha), beta: Double(beta))
        let y = lrn.forward(x, mode: .inference)
        #expect(zip(y.scalars, naive.values).allSatisfy { abs(Double($0) - $1) < 1e-6 })
        #expect(gradientMismatches(of: lrn, input: x) == [])
    }
}
