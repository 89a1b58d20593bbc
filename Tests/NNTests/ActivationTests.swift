import Foundation
import Testing
import NN
import TestSupport

/// ReLU, LeakyReLU and Sigmoid: forward against the naive loops, gradients against finite
/// differences, the in-place forms against the out-of-place ones, and small exact cases.
@Suite struct ActivationTests {
    static let shape = [2, 3, 2, 3]

    /// Each activation with its naive reference.
    static func cases() -> [(name: String, make: () -> InPlaceLayer, reference: (Tensor) -> Tensor)] {
        [("ReLU", { ReLU() }, NaiveLayers.relu),
         ("LeakyReLU", { LeakyReLU(negativeSlope: 0.2) }, { NaiveLayers.leakyReLU($0, negativeSlope: 0.2) }),
         ("Sigmoid", { Sigmoid() }, NaiveLayers.sigmoid)]
    }

    @Test func forwardMatchesNaiveLoops() {
        let x = uniformAwayFromZero(shape: Self.shape, margin: 0.1, seed: 3).scaled(by: 3)
        for c in Self.cases() {
            for mode in [Mode.training, .inference] {
                let y = c.make().forward(x, mode: mode)
                #expect(y.shape == x.shape, "\(c.name)")
                #expect(maximumDifference(y, c.reference(x)) <= 1e-6, "\(c.name) \(mode)")
            }
        }
    }

    @Test func gradientsMatchFiniteDifferences() {
        // Magnitudes >= 0.1 keep the ±0.01 steps off the ReLU kink.
        let x = uniformAwayFromZero(shape: Self.shape, margin: 0.1, seed: 4).scaled(by: 2)
        for c in Self.cases() {
            let mismatches = gradientMismatches(of: c.make(), input: x)
            #expect(mismatches.isEmpty, "\(c.name): \(mismatches)")
        }
    }

    @Test func inPlaceFormsMatchAndLeaveSharedStorageAlone() {
        let x = uniformAwayFromZero(shape: Self.shape, seed: 5)
        let dy = uniformAwayFromZero(shape: Self.shape, seed: 6)
        for c in Self.cases() {
            let outOfPlace = c.make(), inPlace = c.make()
            let y = outOfPlace.forward(x, mode: .training)
            let dx = outOfPlace.backward(dy, needsInputGradient: true)!

            var h = x                       // shares x's storage until written
            inPlace.forward(inPlace: &h, mode: .training)
            var g = dy
            inPlace.backward(inPlace: &g)
            #expect(h == y, "\(c.name) forward")
            #expect(g == dx, "\(c.name) backward")
            #expect(x == uniformAwayFromZero(shape: Self.shape, seed: 5), "\(c.name) wrote into x")
            #expect(dy == uniformAwayFromZero(shape: Self.shape, seed: 6), "\(c.name) wrote into dy")
        }
    }

    @Test func backwardWithoutInputGradientReturnsNil() {
        let x = uniformAwayFromZero(shape: [1, 4], seed: 7)
        for c in Self.cases() {
            let layer = c.make()
            _ = layer.forward(x, mode: .training)
            #expect(layer.backward(x, needsInputGradient: false) == nil, "\(c.name)")
        }
    }

    @Test func reluGolden() {
        // max(x, 0); the gradient passes only where x > 0 (0 itself gets none, as in PyTorch).
        let relu = ReLU()
        let y = relu.forward(Tensor(shape: [1, 4], scalars: [-2, -0.5, 0, 3]), mode: .training)
        #expect(y.scalars == [0, 0, 0, 3])
        #expect(relu.backward(Tensor(shape: [1, 4], scalars: [5, 6, 7, 8]), needsInputGradient: true)!.scalars
                == [0, 0, 0, 8])
    }

    @Test func leakyReLUGolden() {
        // Slope 0.2: -2 → -0.4 with derivative 0.2; 0.5 → 0.5 with derivative 1.
        let leaky = LeakyReLU(negativeSlope: 0.2)
        let y = leaky.forward(Tensor(shape: [1, 2], scalars: [-2, 0.5]), mode: .training)
        #expect(y.scalars == [-0.4, 0.5])
        #expect(leaky.backward(Tensor(shape: [1, 2], scalars: [10, 10]), needsInputGradient: true)!.scalars
                == [2, 10])
        #expect(LeakyReLU().negativeSlope == 0.01)
    }

    @Test func sigmoidGolden() {
        // σ(0) = 1/2, σ'(0) = 1/4; σ(ln 3) = 1/(1 + 1/3) = 3/4, σ' = 3/4 · 1/4 = 3/16.
        // Far out it saturates to 0 and 1 without NaN.
        let sigmoid = Sigmoid()
        let y = sigmoid.forward(Tensor(shape: [1, 4], scalars: [0, Float(log(3.0)), -100, 100]), mode: .training)
        #expect(maximumDifference(y, Tensor(shape: [1, 4], scalars: [0.5, 0.75, 0, 1])) <= 1e-6)
        let dx = sigmoid.backward(Tensor(repeating: 1, shape: [1, 4]), needsInputGradient: true)!
        #expect(maximumDifference(dx, Tensor(shape: [1, 4], scalars: [0.25, 0.1875, 0, 0])) <= 1e-6)
    }

    @Test func largeTensorsSplitAcrossWorkersGiveTheSameValues() {
        // Above Elementwise.minimumChunk per worker, so the parallel path runs.
        let x = uniformAwayFromZero(shape: [4, 1 << 14], seed: 8)
        let y = ReLU().forward(x, mode: .inference)
        #expect(y == NaiveLayers.relu(x))
    }
}

private extension Tensor {
    func scaled(by factor: Float) -> Tensor {
        Tensor(shape: shape, scalars: scalars.map { $0 * factor })
    }
}
