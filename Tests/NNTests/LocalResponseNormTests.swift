import Testing
import NN
import TestSupport

@Suite struct LocalResponseNormTests {
    /// |a - e| ≤ tolerance · max(1, |e|) everywhere.
    func agree(_ a: Tensor, _ e: Tensor, tolerance: Float = 2e-5) -> Bool {
        a.shape == e.shape && zip(a.scalars, e.scalars).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    @Test func goldenThreeQuarters() {
        // size 3, alpha 3 (alpha/size = 1), k 1, x = [4, 8, 0, 0, 4, 8] over channels:
        //   scale[0] = 1 + 16 + 64 = 81, scale[1] = 1 + 16 + 64 + 0 = 81,
        //   scale[4] = 1 + 0 + 16 + 64 = 81 (after the window has slid past 4² and 8²), scale[5] = 81,
        //   and 81^-0.75 = 1/27; channels 2 and 3 are 0 whatever their scale.
        let lrn = LocalResponseNorm(size: 3, alpha: 3, beta: 0.75, k: 1)
        let y = lrn.forward(Tensor(shape: [1, 6, 1, 1], scalars: [4, 8, 0, 0, 4, 8]), mode: .inference)
        let expected = Tensor(shape: [1, 6, 1, 1], scalars: [4.0 / 27, 8.0 / 27, 0, 0, 4.0 / 27, 8.0 / 27])
        #expect(agree(y, expected, tolerance: 1e-6))
    }

    @Test func goldenEvenSizeUsesCaffeWindow() {
        // size 2: Caffe's window of c is c ... c + 1 (PyTorch's would be c - 1 ... c).
        // alpha 2 (alpha/size = 1), k 1, beta 1, x = [1, 2, 3]:
        //   scale = [1 + 1 + 4, 1 + 4 + 9, 1 + 9] = [6, 14, 10], y = [1/6, 2/14, 3/10].
        let lrn = LocalResponseNorm(size: 2, alpha: 2, beta: 1, k: 1)
        let y = lrn.forward(Tensor(shape: [1, 3], scalars: [1, 2, 3]), mode: .inference)
        #expect(agree(y, Tensor(shape: [1, 3], scalars: [1.0 / 6, 2.0 / 14, 3.0 / 10]), tolerance: 1e-6))
    }

    @Test func goldenBackward() {
        // size 3, alpha 3, beta 0.75, k 1, x = [4, 8]: scale = [81, 81], y = [4/27, 8/27].
        // dy = [1, 0]: ratio = dy·y/scale = [4/2187, 0]; both channels see both in their window;
        // 2·alpha·beta/size = 1.5, so
        //   dx[0] = 1/27 - 1.5·4·4/2187 = (81 - 24)/2187 = 57/2187
        //   dx[1] = 0    - 1.5·8·4/2187 = -48/2187
        let lrn = LocalResponseNorm(size: 3, alpha: 3, beta: 0.75, k: 1)
        _ = lrn.forward(Tensor(shape: [1, 2, 1, 1], scalars: [4, 8]), mode: .training)
        let dx = lrn.backward(Tensor(shape: [1, 2, 1, 1], scalars: [1, 0]), needsInputGradient: true)!
        #expect(agree(dx, Tensor(shape: [1, 2, 1, 1], scalars: [57.0 / 2187, -48.0 / 2187]), tolerance: 1e-6))
    }

    @Test func matchesNaiveLoops() {
        var generator = SeededGenerator(seed: 5)
        // Planes of 25 (three groups of eight pixels and one overlapping the last), 16, 9, 6 and 1
        // (narrower than eight: staged), 529 (two blocks per image); fewer channels than the
        // window; rank 2.
        let shapes = [[2, 7, 5, 5], [1, 3, 4, 4], [2, 2, 3, 3], [2, 5, 2, 3], [1, 9, 23, 23], [3, 10]]
        for shape in shapes {
            let x = Tensor.uniform(shape: shape, low: -2, high: 2, using: &generator)
            let dy = Tensor.uniform(shape: shape, low: -1, high: 1, using: &generator)
            for size in [1, 2, 3, 4, 5, 7] {
                for (alpha, beta, k) in [(Float(0.5), Float(0.75), Float(1)), (1e-4, 0.75, 1), (0.3, 0.6, 2)] {
                    let lrn = LocalResponseNorm(size: size, alpha: alpha, beta: beta, k: k)
                    let label = "\(shape) size \(size) alpha \(alpha) beta \(beta) k \(k)"
                    let y = lrn.forward(x, mode: .training)
                    #expect(agree(y, naiveLocalResponseNorm(x, size: size, alpha: alpha, beta: beta, k: k)), "\(label)")
                    let dx = lrn.backward(dy, needsInputGradient: true)!
                    let expected = naiveLocalResponseNormBackward(x, dy: dy, size: size, alpha: alpha, beta: beta, k: k)
                    #expect(agree(dx, expected), "\(label) backward")
                }
            }
        }
    }

    @Test func inputGradientMatchesFiniteDifferences() {
        // A large alpha makes the cross-channel term as large as the direct one.
        var generator = SeededGenerator(seed: 9)
        let x = Tensor.uniform(shape: [2, 6, 3, 3], low: -1.5, high: 1.5, using: &generator)
        for (size, beta, k) in [(3, Float(0.75), Float(1)), (4, 0.75, 1), (5, 0.6, 2)] {
            let lrn = LocalResponseNorm(size: size, alpha: 0.5, beta: beta, k: k)
            let mismatches = gradientMismatches(of: lrn, input: x)
            #expect(mismatches.isEmpty, "size \(size) beta \(beta): \(mismatches)")
        }
    }

    @Test func inferenceForwardKeepsTrainingCache() {
        let lrn = LocalResponseNorm(size: 3, alpha: 3, beta: 0.75, k: 1)
        _ = lrn.forward(Tensor(shape: [1, 2, 1, 1], scalars: [4, 8]), mode: .training)
        _ = lrn.forward(Tensor(repeating: 1, shape: [2, 5, 3, 3]), mode: .inference)
        let dx = lrn.backward(Tensor(shape: [1, 2, 1, 1], scalars: [1, 0]), needsInputGradient: true)!
        #expect(agree(dx, Tensor(shape: [1, 2, 1, 1], scalars: [57.0 / 2187, -48.0 / 2187]), tolerance: 1e-6))
    }
}
