import ImageFiles
import Testing

@Suite struct ImageResizingTests {
    /// Channel c, row y, column x holds `value(c, y, x)`.
    static func image(width: Int, height: Int, _ value: (Int, Int, Int) -> Float) -> Image {
        var pixels = [Float]()
        for c in 0..<3 { for y in 0..<height { for x in 0..<width { pixels.append(value(c, y, x)) } } }
        return Image(width: width, height: height, pixels: pixels)
    }

    @Test func shorterSideAndSquareCropShapes() {
        let landscape = Image(width: 533, height: 400, red: 0.2, green: 0.4, blue: 0.6)
        let resized = landscape.resized(shorterSide: 64)
        #expect((resized.width, resized.height) == (85, 64))   // 533 * 64 / 400 = 85.28
        let square = landscape.resizedAndCropped(toSquare: 64)
        #expect((square.width, square.height) == (64, 64))
        let portrait = Image(width: 30, height: 50, red: 0, green: 0, blue: 0).resized(shorterSide: 10)
        #expect((portrait.width, portrait.height) == (10, 17))
        let enlarged = Image(width: 3, height: 2, red: 0, green: 0, blue: 0).resizedAndCropped(toSquare: 8)
        #expect((enlarged.width, enlarged.height) == (8, 8))
    }

    @Test func constantImageStaysConstant() {
        let constant = Image(width: 533, height: 400, red: 0.3, green: 0.55, blue: 0.9)
        for (w, h) in [(85, 64), (7, 5), (533, 1), (600, 450)] {
            let resized = constant.resized(width: w, height: h)
            for c in 0..<3 {
                let expected: Float = [0.3, 0.55, 0.9][c]
                let plane = resized.pixels[c * w * h..<(c + 1) * w * h]
                // Float sums over up to 400 taps: exact to a few float ulps per tap.
                let worst = plane.map { abs($0 - expected) }.max()!
                #expect(worst < 1e-5, "\(w)x\(h) channel \(c): off by \(worst)")
            }
        }
    }

    @Test func integerShrinkIsTheBlockMean() {
        // 4x2 -> 2x1: each output is the mean of a 2x2 block.
        let source = Self.image(width: 4, height: 2) { c, y, x in Float(c * 8 + y * 4 + x) }
        let resized = source.resized(width: 2, height: 1)
        // Channel 0 blocks: (0 + 1 + 4 + 5) / 4 = 2.5 and (2 + 3 + 6 + 7) / 4 = 4.5; channels add 8.
        #expect(resized.pixels == [2.5, 4.5, 10.5, 12.5, 18.5, 20.5])
    }

    @Test func fractionalShrinkWeighsPartialPixels() {
        // 3 -> 2: output 0 covers source [0, 1.5): (p0 + 0.5 p1) / 1.5; output 1 covers [1.5, 3).
        let source = Self.image(width: 3, height: 1) { _, _, x in [0.3, 0.6, 0.9][x] }
        let resized = source.resized(width: 2, height: 1)
        #expect(abs(resized[0, 0, 0] - (0.3 + 0.5 * 0.6) / 1.5) < 1e-6)
        #expect(abs(resized[0, 0, 1] - (0.5 * 0.6 + 0.9) / 1.5) < 1e-6)
    }

    @Test func largeShrinkDoesNotAlias() {
        // A one-pixel checkerboard has mean 0.5; point sampling would return only 0s and 1s.
        let checkerboard = Self.image(width: 533, height: 400) { _, y, x in Float((x + y) % 2) }
        let resized = checkerboard.resized(shorterSide: 64)
        let worst = resized.pixels.map { abs($0 - 0.5) }.max()!
        #expect(worst < 0.02, "largest deviation from grey: \(worst)")
    }

    @Test func enlargingIsBilinearBetweenCentres() {
        // 2 -> 4: output centres fall at source -0.25 (clamped), 0.25, 0.75 and 1.25 (clamped).
        let source = Self.image(width: 2, height: 1) { _, _, x in Float(x) }
        let resized = source.resized(width: 4, height: 1)
        #expect(Array(resized.pixels[0..<4]) == [0, 0.25, 0.75, 1])
    }

    @Test func cropAndFlip() {
        let source = Self.image(width: 5, height: 4) { c, y, x in Float(c * 100 + y * 10 + x) }
        let cropped = source.centerCropped(width: 3, height: 2)
        #expect(Array(cropped.pixels[0..<6]) == [11, 12, 13, 21, 22, 23])
        #expect(cropped[2, 1, 2] == 223)
        let flipped = source.flippedHorizontally()
        #expect(Array(flipped.pixels[0..<5]) == [4, 3, 2, 1, 0])
        #expect(flipped[1, 3, 0] == 134)
        #expect(flipped.flippedHorizontally() == source)
    }
}
