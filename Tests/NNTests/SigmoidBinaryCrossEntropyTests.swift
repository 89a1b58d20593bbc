import Foundation
import Testing
import NN
import TestSupport

@Suite struct SigmoidBinaryCrossEntropyTests {
    /// Golden values from PyTorch 2.x in float64:
    /// `binary_cross_entropy_with_logits(tensor([-30,-2,0,.5,3,40]), tensor([0,1,1,0,1,0]))` and its
    /// gradient; the extreme logits (−30, 40) neither overflow nor lose their terms.
    @Test func matchesPyTorch() {
        let loss = SigmoidBinaryCrossEntropy(logits: Tensor(shape: [6, 1], scalars: [-30, -2, 0, 0.5, 3, 40]),
                                             targets: [0, 1, 1, 0, 1, 0])
        #expect(abs(Double(loss.value) - 7.307123254559477) < 1e-6)
        let expected = [1.559603828139883e-14, -0.14679951299631375, -0.08333333333333333, 0.10374322186697577,
                        -0.007904312196261106, 0.16666666666666666]
        #expect(loss.gradient.shape == [6, 1])
        #expect(zip(loss.gradient.scalars, expected).allSatisfy { abs(Double($0) - $1) <= 1e-7 * max(1e-7, abs($1)) + 1e-9 },
                "\(loss.gradient.scalars)")
    }

    @Test func gradientMatchesFiniteDifferences() {
        var generator = SeededGenerator(seed: 13)
        let logits = Tensor.uniform(shape: [7, 1], low: -3, high: 3, using: &generator)
        let targets: [Float] = [0, 1, 1, 0, 1, 0, 0.25]
        let loss = SigmoidBinaryCrossEntropy(logits: logits, targets: targets)
        let mismatches = gradientMismatches(
            of: { Double(SigmoidBinaryCrossEntropy(logits: $0, targets: targets).value) },
            at: logits, analytic: loss.gradient, name: "logits")
        #expect(mismatches.isEmpty, "\(mismatches)")
    }
}
