import NN
import Testing
import TestSupport

@Suite struct AveragePool2DTests {
    /// 3x3 stride 2 pad 1, ceil, on a 4x4 plane of 1..16: windows start at rows/columns −1, 1, 3.
    /// Caffe's divisor is the window clipped to the padded input [−1, 5): 3 for starts −1 and 1,
    /// 2 for start 3 (rows 3, 4); the sum is over the rows inside the input only.
    ///   (0,0) rows 0-1, cols 0-1: 1+2+5+6 = 14, / 9 → 14/9
    ///   (0,2) rows 0-1, col 3:    4+8 = 12,      / (3·2) → 2
    ///   (2,2) row 3, col 3:       16,            / (2·2) → 4
    @Test func goldenCaffeDivisor() {
        let x = Tensor(shape: [1, 1, 4, 4], scalars: (1...16).map(Float.init))
        let pool = AveragePool2D(kernelSize: 3, stride: 2, padding: 1, rounding: .ceil)
        let y = pool.forward(x, mode: .training)
        #expect(y.shape == [1, 1, 3, 3])
        #expect(abs(y[flat: 0] - 14 / 9) < 1e-6)
        #expect(y[flat: 2] == 2)
        #expect(y[flat: 8] == 4)
        // Backward: dy = 1 at (2,2) only reaches x[15] as 1/4.
        var dy = Tensor(zeros: [1, 1, 3, 3])
        dy[flat: 8] = 1
        let dx = pool.backward(dy, needsInputGradient: true)!
        #expect(dx[flat: 15] == 0.25 && dx.scalars.reduce(0, +) == 0.25)
    }

    @Test(arguments: [(3, 2, 1, PoolRounding.ceil), (2, 2, 0, .ceil), (3, 1, 1, .floor), (3, 3, 2, .ceil)])
    func matchesFloat64AndGradientCheck(_ k: Int, _ s: Int, _ p: Int, _ rounding: PoolRounding) {
        var g = SeededGenerator(seed: 9)
        let x = Tensor.uniform(shape: [2, 3, 7, 6], low: -1, high: 1, using: &g)
        let pool = AveragePool2D(kernelSize: k, stride: s, padding: p, rounding: rounding)
        let expected = NaiveCaffe64.pool(Blob64(shape: x.shape, values: x.scalars.map(Double.init)), method: .average,
                                         kernel: k, stride: s, pad: p, ceil: rounding == .ceil)
        let y = pool.forward(x, mode: .inference)
        #expect(y.shape == expected.shape)
        #expect(zip(y.scalars, expected.values).allSatisfy { abs(Double($0) - $1) < 1e-6 })
        #expect(gradientMismatches(of: pool, input: x) == [])
    }
}
