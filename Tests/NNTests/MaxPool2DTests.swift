import Testing
import NN
import TestSupport

@Suite struct MaxPool2DTests {
    /// 3 1 4 1 / 5 9 2 6 / 5 3 5 8 / 9 7 9 3 (digits of π), as [1, 1, 4, 4].
    let digits = Tensor(shape: [1, 1, 4, 4], scalars: [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3])

    @Test func outputSizes() {
        func size(_ input: Int, _ k: Int, _ s: Int, _ p: Int, _ rounding: PoolRounding) -> Int {
            MaxPool2D.outputSize(inputSize: input, kernelSize: k, stride: s, padding: p, rounding: rounding)
        }
        // AlexNet's 3x3 stride 2 pooling: at 64x64 conv1 is 14x14, at 227x227 55x55.
        #expect(size(14, 3, 2, 0, .ceil) == 7)
        #expect(size(14, 3, 2, 0, .floor) == 6)
        for (input, output) in [(7, 3), (55, 27), (27, 13), (13, 6), (3, 1)] {
            #expect(size(input, 3, 2, 0, .ceil) == output)
            #expect(size(input, 3, 2, 0, .floor) == output)
        }
        // Ceil gives ⌈(5 + 2 - 2)/2⌉ + 1 = 4, but window 3 would start at 3·2 - 1 = 5, past the
        // input: dropped (Caffe, PyTorch).
        #expect(size(5, 2, 2, 1, .ceil) == 3)
        #expect(size(5, 2, 2, 1, .floor) == 3)
        // Ceil ⌈(5 - 1)/3⌉ + 1 = 3, window 2 would start at 6 ≥ 5: dropped, without padding too.
        #expect(size(5, 1, 3, 0, .ceil) == 2)
        // Ceil ⌈(6 + 2 - 3)/2⌉ + 1 = 4; window 3 starts at 5, inside: kept, clipped to one column.
        #expect(size(6, 3, 2, 1, .ceil) == 4)
        #expect(size(6, 3, 2, 1, .floor) == 3)
        let pool = MaxPool2D(kernelSize: 3, stride: 2, rounding: .ceil)
        #expect(pool.outputShape(forInput: [64, 96, 14, 13]) == [64, 96, 7, 6])
    }

    @Test func goldenCeilAndFloor() {
        // 3x3 stride 2, ceil: 2x2 windows over rows/columns {0,1,2} and {2,3} (clipped).
        //   (0,0) {3,1,4,5,9,2,5,3,5} → 9 at (1,1) = 5
        //   (0,1) {4,1,2,6,5,8}       → 8 at (2,3) = 11
        //   (1,0) {5,3,5,9,7,9}       → 9, first at (3,0) = 12 (ties with (3,2))
        //   (1,1) {5,8,9,3}           → 9 at (3,2) = 14
        let pool = MaxPool2D(kernelSize: 3, stride: 2, rounding: .ceil)
        let y = pool.forward(digits, mode: .training)
        #expect(y.shape == [1, 1, 2, 2])
        #expect(y.scalars == [9, 8, 9, 9])
        let dx = pool.backward(Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4]), needsInputGradient: true)!
        var expected = [Float](repeating: 0, count: 16)
        expected[5] = 1; expected[11] = 2; expected[12] = 3; expected[14] = 4
        #expect(dx.scalars == expected)
        // Floor: (4 - 3)/2 + 1 = 1, only the first window.
        #expect(MaxPool2D(kernelSize: 3, stride: 2).forward(digits, mode: .inference).scalars == [9])
    }

    @Test func goldenOverlappingWindowsAddUp() {
        // 3x3 stride 1: all four windows contain the 9 at (1,1), and it comes first in each
        // (the 9s at (3,0) and (3,2) come later), so dx[5] = 1 + 2 + 3 + 4 = 10.
        let pool = MaxPool2D(kernelSize: 3, stride: 1)
        #expect(pool.forward(digits, mode: .training).scalars == [9, 9, 9, 9])
        let dx = pool.backward(Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4]), needsInputGradient: true)!
        var expected = [Float](repeating: 0, count: 16)
        expected[5] = 10
        #expect(dx.scalars == expected)
    }

    @Test func goldenPaddingNeverWins() {
        // 2x2 stride 2 padding 1 on -digits: windows over rows/columns {0}, {1,2}, {3}; each output
        // is minus the smallest digit of its window, never the padding's 0:
        //   row {0}:   -3 | -min(1,4) = -1 | -1
        //   rows 1-2:  -min(5,5) = -5 | -min(9,2,3,5) = -2 | -min(6,8) = -6
        //   row {3}:   -9 | -min(7,9) = -7 | -3
        let pool = MaxPool2D(kernelSize: 2, stride: 2, padding: 1)
        let negated = Tensor(shape: digits.shape, scalars: digits.scalars.map { -$0 })
        let y = pool.forward(negated, mode: .inference)
        #expect(y.shape == [1, 1, 3, 3])
        #expect(y.scalars == [-3, -1, -1, -5, -2, -6, -9, -7, -3])
    }

    @Test func matchesNaiveLoops() {
        var generator = SeededGenerator(seed: 11)
        // Widths from 5 to 41 cover rows handled window by window and rows wide enough for the
        // eight-lane path; integer values in 0..<4 make ties everywhere.
        let shapes = [[2, 3, 7, 9], [1, 2, 14, 14], [2, 1, 6, 5], [1, 2, 9, 41], [1, 1, 5, 24]]
        for shape in shapes {
            let integers = Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in
                Float(generator.next() % 4)
            })
            let continuous = Tensor.uniform(shape: shape, low: -2, high: 2, using: &generator)
            for x in [integers, continuous] {
                for (k, s) in [(2, 1), (2, 2), (3, 1), (3, 2), (3, 3)] {
                    for p in 0..<min(2, k) {
                        for rounding in [PoolRounding.floor, .ceil] where shape[2] + 2 * p >= k {
                            let pool = MaxPool2D(kernelSize: k, stride: s, padding: p, rounding: rounding)
                            let (expected, argmax) = naiveMaxPool2D(x, kernelSize: k, stride: s, padding: p,
                                                                    rounding: rounding)
                            let y = pool.forward(x, mode: .training)
                            let label = "\(shape) k\(k) s\(s) p\(p) \(rounding)"
                            #expect(y == expected, "\(label)")
                            let dy = Tensor.uniform(shape: y.shape, low: -1, high: 1, using: &generator)
                            let dx = pool.backward(dy, needsInputGradient: true)!
                            #expect(dx == naiveMaxPool2DBackward(dy, argmax: argmax, inputShape: shape), "\(label)")
                            #expect(pool.forward(x, mode: .inference) == expected, "\(label) inference")
                        }
                    }
                }
            }
        }
    }

    @Test func inputGradientMatchesFiniteDifferences() {
        // Distinct values 0.05 apart, shuffled: a ±0.01 nudge never changes which element wins.
        var generator = SeededGenerator(seed: 3)
        for (shape, pool) in [([1, 2, 7, 7], MaxPool2D(kernelSize: 3, stride: 2, padding: 1, rounding: .ceil)),
                              ([2, 1, 4, 19], MaxPool2D(kernelSize: 2, stride: 1)),
                              ([1, 1, 5, 21], MaxPool2D(kernelSize: 3, stride: 2))] {
            var values = (0..<shape.reduce(1, *)).map { Float($0) * 0.05 }
            values.shuffle(using: &generator)
            let mismatches = gradientMismatches(of: pool, input: Tensor(shape: shape, scalars: values))
            #expect(mismatches.isEmpty, "\(shape): \(mismatches)")
        }
    }

    @Test func inferenceForwardKeepsTrainingCache() {
        let pool = MaxPool2D(kernelSize: 3, stride: 2, rounding: .ceil)
        _ = pool.forward(digits, mode: .training)
        _ = pool.forward(Tensor(zeros: [2, 3, 9, 9]), mode: .inference)
        let dx = pool.backward(Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4]), needsInputGradient: true)!
        #expect(dx.shape == [1, 1, 4, 4])
        #expect(dx[flat: 5] == 1 && dx[flat: 14] == 4)
    }
}
