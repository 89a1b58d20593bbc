import Testing
import NN
import TestSupport

@Suite struct DropoutTests {
    @Test func inferenceIsIdentity() {
        let x = uniformAwayFromZero(shape: [2, 3, 4, 4], seed: 1)
        let dropout = Dropout(probability: 0.5, seed: 9)
        #expect(dropout.forward(x, mode: .inference) == x)
        var h = x
        dropout.forward(inPlace: &h, mode: .inference)
        #expect(h == x)
    }

    @Test func trainingZeroesAboutPAndScalesTheRest() {
        // 10 000 values at p = 0.3: the dropped fraction has standard deviation ≈ 0.0046.
        let x = Tensor(repeating: 1, shape: [10, 1000])
        let y = Dropout(probability: 0.3, seed: 2).forward(x, mode: .training)
        let dropped = y.scalars.filter { $0 == 0 }.count
        #expect(abs(Float(dropped) / 10_000 - 0.3) < 0.03)
        #expect(y.scalars.allSatisfy { $0 == 0 || $0 == 1 / (1 - Float(0.3)) })
    }

    @Test func extremeProbabilities() {
        let x = uniformAwayFromZero(shape: [4, 5], seed: 3)
        #expect(Dropout(probability: 0, seed: 1).forward(x, mode: .training) == x)
        #expect(Dropout(probability: 1, seed: 1).forward(x, mode: .training).scalars.allSatisfy { $0 == 0 })
    }

    @Test func sameSeedSameMaskAndRestoredGeneratorRepeatsIt() {
        let x = uniformAwayFromZero(shape: [3, 50], seed: 4)
        let a = Dropout(probability: 0.5, seed: 11), b = Dropout(probability: 0.5, seed: 11)
        let first = a.forward(x, mode: .training)
        #expect(first == b.forward(x, mode: .training))
        #expect(first != Dropout(probability: 0.5, seed: 12).forward(x, mode: .training))

        // A checkpoint saves the generator; restoring it replays the next mask.
        let saved = a.generator
        let second = a.forward(x, mode: .training)
        #expect(second != first)
        a.generator = SeededGenerator(state: saved.stateWords)
        #expect(a.forward(x, mode: .training) == second)
    }

    @Test func backwardUsesTheForwardMask() {
        let x = Tensor(repeating: 1, shape: [2, 40])
        let dropout = Dropout(probability: 0.4, seed: 5)
        let y = dropout.forward(x, mode: .training)
        // With x = 1 and dy = 1 the gradient is the mask itself, which is y.
        #expect(dropout.backward(Tensor(repeating: 1, shape: [2, 40]), needsInputGradient: true) == y)

        var h = x
        dropout.forward(inPlace: &h, mode: .training)
        var g = Tensor(repeating: 1, shape: [2, 40])
        dropout.backward(inPlace: &g)
        #expect(g == h)
        #expect(h != y)   // a new mask per training forward
    }

    @Test func gradientMatchesFiniteDifferences() {
        // The check runs many forwards; replaying the generator keeps the mask fixed across them.
        let layer = ReplayedDropout(Dropout(probability: 0.5, seed: 6))
        let mismatches = gradientMismatches(of: layer, input: uniformAwayFromZero(shape: [2, 3, 2, 2], seed: 7))
        #expect(mismatches.isEmpty, "\(mismatches)")
    }
}

/// Dropout whose every forward draws the same mask.
private final class ReplayedDropout: Layer {
    let dropout: Dropout
    let start: SeededGenerator

    init(_ dropout: Dropout) {
        self.dropout = dropout
        start = dropout.generator
    }

    func forward(_ x: Tensor, mode: Mode) -> Tensor {
        dropout.generator = start
        return dropout.forward(x, mode: mode)
    }

    func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        dropout.backward(dy, needsInputGradient: needsInputGradient)
    }
}
