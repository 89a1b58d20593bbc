import Foundation
import Testing
import NN
import TestSupport

@Suite struct LossTests {
    // MARK: mean squared error

    @Test func meanSquaredErrorByHand() {
        // differences [0, 2, 0, 3]: squares sum to 13, mean 13/4 = 3.25;
        // gradient 2·d/4 = [0, 1, 0, 1.5]; weight 2 doubles both.
        let prediction = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let target = Tensor(shape: [2, 2], scalars: [1, 0, 3, 1])
        let plain = MeanSquaredError(prediction: prediction, target: target)
        #expect(plain.value == 3.25)
        #expect(plain.gradient == Tensor(shape: [2, 2], scalars: [0, 1, 0, 1.5]))
        let weighted = MeanSquaredError(prediction: prediction, target: target, weight: 2)
        #expect(weighted.value == 6.5)
        #expect(weighted.gradient.scalars == [0, 2, 0, 3])
    }

    @Test func meanSquaredErrorGradientMatchesFiniteDifferences() {
        var generator = SeededGenerator(seed: 11)
        let prediction = Tensor.uniform(shape: [2, 3, 2, 2], low: -1, high: 1, using: &generator)
        let target = Tensor.uniform(shape: [2, 3, 2, 2], low: -1, high: 1, using: &generator)
        let loss = MeanSquaredError(prediction: prediction, target: target, weight: 0.7)
        let mismatches = gradientMismatches(
            of: { Double(MeanSquaredError(prediction: $0, target: target, weight: 0.7).value) },
            at: prediction, analytic: loss.gradient, name: "prediction")
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func meanSquaredErrorOverManyBlocksMatchesAPlainSum() {
        // 40 000 elements span three summation blocks of 2¹⁴.
        var generator = SeededGenerator(seed: 12)
        let prediction = Tensor.uniform(shape: [40_000], low: -2, high: 2, using: &generator)
        let target = Tensor.uniform(shape: [40_000], low: -2, high: 2, using: &generator)
        var sum = 0.0
        for i in 0..<prediction.count {
            let d = Double(prediction[flat: i] - target[flat: i])
            sum += d * d
        }
        let loss = MeanSquaredError(prediction: prediction, target: target)
        #expect(abs(Double(loss.value) - sum / 40_000) <= 1e-6 * sum / 40_000)
        #expect(loss.gradient[flat: 39_999] == 2 / 40_000 * (prediction[flat: 39_999] - target[flat: 39_999]))
    }

    @Test func meanSquaredErrorRejectsMismatchedShapes() async {
        await #expect(processExitsWith: .failure) {
            _ = MeanSquaredError(prediction: Tensor(zeros: [2, 3]), target: Tensor(zeros: [3, 2]))
        }
    }

    // MARK: softmax cross-entropy

    @Test func softmaxCrossEntropyByHand() {
        // Row [0, ln 3]: softmax = [1/4, 3/4]; label 1 gives −ln(3/4) = ln(4/3).
        // Row [ln 3, 0] with label 0 is the same case mirrored, so the batch mean is ln(4/3) too,
        // and each gradient row (p − onehot)/2 is ±[1/8, −1/8].
        let ln3 = Float(log(3.0))
        let loss = SoftmaxCrossEntropy(logits: Tensor(shape: [2, 2], scalars: [0, ln3, ln3, 0]), labels: [1, 0])
        #expect(abs(loss.value - Float(log(4.0 / 3.0))) <= 1e-7)
        #expect(maximumDifference(loss.probabilities, Tensor(shape: [2, 2], scalars: [0.25, 0.75, 0.75, 0.25])) <= 1e-7)
        #expect(maximumDifference(loss.gradient, Tensor(shape: [2, 2], scalars: [0.125, -0.125, -0.125, 0.125])) <= 1e-7)
    }

    @Test func softmaxCrossEntropyIsStableForLargeLogits() {
        // exp(1000) overflows without the row-max shift: [1000, 0] label 0 costs log(1 + e⁻¹⁰⁰⁰) ≈ 0,
        // label 1 costs 1000; [−1000, −1000] is uniform, ln 2.
        let logits = Tensor(shape: [3, 2], scalars: [1000, 0, 1000, 0, -1000, -1000])
        let loss = SoftmaxCrossEntropy(logits: logits, labels: [0, 1, 0])
        #expect(abs(loss.value - Float((0 + 1000 + log(2.0)) / 3)) <= 1e-4)
        #expect(loss.probabilities.scalars == [1, 0, 1, 0, 0.5, 0.5])
        #expect(loss.gradient.scalars.allSatisfy { $0.isFinite })
    }

    @Test func softmaxCrossEntropyGradientMatchesFiniteDifferences() {
        var generator = SeededGenerator(seed: 13)
        let logits = Tensor.uniform(shape: [3, 5], low: -2, high: 2, using: &generator)
        let labels = [4, 0, 2]
        let loss = SoftmaxCrossEntropy(logits: logits, labels: labels)
        let mismatches = gradientMismatches(
            of: { Double(SoftmaxCrossEntropy(logits: $0, labels: labels).value) },
            at: logits, analytic: loss.gradient, name: "logits")
        #expect(mismatches.isEmpty, "\(mismatches)")
        for row in 0..<3 {
            let sum = (0..<5).reduce(Float(0)) { $0 + loss.probabilities[flat: row * 5 + $1] }
            #expect(abs(sum - 1) <= 1e-6)
        }
    }

    @Test func softmaxCrossEntropyRejectsLabelsOutOfRange() async {
        await #expect(processExitsWith: .failure) {
            _ = SoftmaxCrossEntropy(logits: Tensor(zeros: [1, 3]), labels: [3])
        }
        await #expect(processExitsWith: .failure) {
            _ = SoftmaxCrossEntropy(logits: Tensor(zeros: [1, 3]), labels: [-1])
        }
    }

    // MARK: Gaussian KL

    @Test func gaussianKLByHand() {
        // mean 0, logvar 0 is the prior itself: KL 0. mean 1, logvar 0: −½(1 + 0 − 1 − 1) = ½.
        let zero = GaussianKL(mean: Tensor(zeros: [1, 1]), logVariance: Tensor(zeros: [1, 1]))
        #expect(zero.value == 0)
        #expect(zero.meanGradient.scalars == [0] && zero.logVarianceGradient.scalars == [0])
        let shifted = GaussianKL(mean: Tensor(shape: [1, 1], scalars: [1]), logVariance: Tensor(zeros: [1, 1]))
        #expect(shifted.value == 0.5)
        #expect(shifted.meanGradient.scalars == [1] && shifted.logVarianceGradient.scalars == [0])

        // Two equal rows of mean [1, 2], logvar [0, ln 2]: per row −½((1 + 0 − 1 − 1) + (1 + ln 2 − 4 − 2))
        // = 3 − ½ ln 2, and so is the batch mean; gradients per row [1, 2] and ½(exp(lv) − 1) =
        // [0, ½], halved by the batch of 2.
        let ln2 = Float(log(2.0))
        let batch = GaussianKL(mean: Tensor(shape: [2, 2], scalars: [1, 2, 1, 2]),
                               logVariance: Tensor(shape: [2, 2], scalars: [0, ln2, 0, ln2]))
        #expect(abs(batch.value - Float(3 - 0.5 * log(2.0))) <= 1e-6)
        #expect(batch.meanGradient.scalars == [0.5, 1, 0.5, 1])
        #expect(maximumDifference(batch.logVarianceGradient, Tensor(shape: [2, 2], scalars: [0, 0.25, 0, 0.25])) <= 1e-7)
    }

    @Test func gaussianKLGradientsMatchFiniteDifferences() {
        var generator = SeededGenerator(seed: 14)
        let mean = Tensor.uniform(shape: [3, 4], low: -1.5, high: 1.5, using: &generator)
        let logVariance = Tensor.uniform(shape: [3, 4], low: -2, high: 1, using: &generator)
        let kl = GaussianKL(mean: mean, logVariance: logVariance, weight: 0.5)
        let meanMismatches = gradientMismatches(
            of: { Double(GaussianKL(mean: $0, logVariance: logVariance, weight: 0.5).value) },
            at: mean, analytic: kl.meanGradient, name: "mean")
        let logVarianceMismatches = gradientMismatches(
            of: { Double(GaussianKL(mean: mean, logVariance: $0, weight: 0.5).value) },
            at: logVariance, analytic: kl.logVarianceGradient, name: "logVariance")
        #expect(meanMismatches.isEmpty, "\(meanMismatches)")
        #expect(logVarianceMismatches.isEmpty, "\(logVarianceMismatches)")
    }
}
