import Testing
import NN

/// im2col and col2im against their definitions, on planes wide enough for the vector paths
/// (strides 2 and 4 move 16 and 32 input columns at a time) and with ragged remainders.
@Suite struct Im2ColTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let kernel: Int, stride: Int, padding: Int, height: Int, width: Int
        var testDescription: String { "k\(kernel) s\(stride) p\(padding) \(height)x\(width)" }
        var geometry: ConvGeometry {
            ConvGeometry(channels: 2, height: height, width: width, kernel: (kernel, kernel),
                         stride: (stride, stride), padding: (padding, padding), groups: 1)
        }
    }

    static let cases: [Case] = {
        var cases: [Case] = []
        for kernel in [1, 3, 4, 11] { for stride in [1, 2, 3, 4] { for padding in [0, 1, 2] {
            for (height, width) in [(13, 70), (12, 67), (11, 33)] {
                cases.append(Case(kernel: kernel, stride: stride, padding: padding, height: height, width: width))
            }
        } } }
        return cases
    }()

    /// The value column `n·plane + oy·outW + ox` of row `(c·kH + i)·kW + j` must hold.
    static func expectedColumn(_ g: ConvGeometry, _ x: [Float], n: Int, c: Int, i: Int, j: Int, oy: Int, ox: Int) -> Float {
        let iy = oy * g.strideHeight - g.padHeight + i, ix = ox * g.strideWidth - g.padWidth + j
        guard iy >= 0, iy < g.height, ix >= 0, ix < g.width else { return 0 }
        return x[((n * g.channels + c) * g.height + iy) * g.width + ix]
    }

    @Test(arguments: cases) func im2colMatchesItsDefinition(_ c: Case) {
        let g = c.geometry, images = 2
        let x = (0..<(images * g.channels * g.inputPlane)).map { Float($0 % 97) - 48 }
        var columns = [Float](repeating: .nan, count: g.columnRows * images * g.outputPlane)
        x.withUnsafeBufferPointer { xp in
            columns.withUnsafeMutableBufferPointer { g.im2col(xp.baseAddress!, images: images, columns: $0.baseAddress!) }
        }
        var mismatches = 0
        for n in 0..<images { for ch in 0..<g.channels { for i in 0..<g.kernelHeight { for j in 0..<g.kernelWidth {
            for oy in 0..<g.outputHeight { for ox in 0..<g.outputWidth {
                let row = (ch * g.kernelHeight + i) * g.kernelWidth + j
                let found = columns[row * images * g.outputPlane + n * g.outputPlane + oy * g.outputWidth + ox]
                if found != Self.expectedColumn(g, x, n: n, c: ch, i: i, j: j, oy: oy, ox: ox) { mismatches += 1 }
            } }
        } } } }
        #expect(mismatches == 0)
    }

    /// Long output rows (vector copies) and short ones (an offset table).
    @Test(arguments: [Case(kernel: 11, stride: 4, padding: 0, height: 70, width: 70),
                      Case(kernel: 3, stride: 1, padding: 1, height: 9, width: 7)])
    func im2colOfARowBlockIsThatBlockOfTheWhole(_ c: Case) {
        let g = c.geometry
        let x = (0..<(g.channels * g.inputPlane)).map { Float($0 % 89) }
        var whole = [Float](repeating: .nan, count: g.columnRows * g.outputPlane)
        let rows = 3..<7, block = rows.count * g.outputWidth
        var part = [Float](repeating: .nan, count: g.columnRows * block)
        x.withUnsafeBufferPointer { xp in
            whole.withUnsafeMutableBufferPointer { g.im2col(xp.baseAddress!, images: 1, columns: $0.baseAddress!) }
            part.withUnsafeMutableBufferPointer {
                g.im2col(xp.baseAddress!, images: 1, columns: $0.baseAddress!, outputRows: rows)
            }
        }
        let expected = (0..<g.columnRows).flatMap { r in
            whole[(r * g.outputPlane + rows.lowerBound * g.outputWidth)..<(r * g.outputPlane + rows.upperBound * g.outputWidth)]
        }
        #expect(part == Array(expected))
    }

    /// Small integers keep every sum exact, so the order of the additions cannot matter.
    @Test(arguments: cases) func col2imSumsEveryWindowPlusTheBias(_ c: Case) {
        let g = c.geometry, images = 2
        let columns = (0..<(g.columnRows * images * g.outputPlane)).map { Float($0 % 13) - 6 }
        let bias: [Float] = [0.5, -3]
        var expected = [Float](repeating: 0, count: images * g.channels * g.inputPlane)
        for n in 0..<images { for ch in 0..<g.channels {
            for p in 0..<g.inputPlane { expected[(n * g.channels + ch) * g.inputPlane + p] = bias[ch] }
            for i in 0..<g.kernelHeight { for j in 0..<g.kernelWidth { for oy in 0..<g.outputHeight { for ox in 0..<g.outputWidth {
                let iy = oy * g.strideHeight - g.padHeight + i, ix = ox * g.strideWidth - g.padWidth + j
                guard iy >= 0, iy < g.height, ix >= 0, ix < g.width else { continue }
                let row = (ch * g.kernelHeight + i) * g.kernelWidth + j
                expected[((n * g.channels + ch) * g.height + iy) * g.width + ix]
                    += columns[row * images * g.outputPlane + n * g.outputPlane + oy * g.outputWidth + ox]
            } } } }
        } }
        var x = [Float](repeating: .nan, count: expected.count)
        columns.withUnsafeBufferPointer { cp in
            x.withUnsafeMutableBufferPointer { g.col2im(cp.baseAddress!, images: images, into: $0.baseAddress!, adding: bias) }
        }
        #expect(x == expected)
    }
}
