/// One input plane of a convolution, zero-padded on every side and with its columns sorted by
/// their phase under the stride: phase r holds padded columns r, r + s, r + 2s, … of every
/// padded row, as a plane [paddedHeight, phaseWidth] of its own; the phases follow each other.
///
/// Laid out like this, every (kernel row, kernel column, output row) of im2col reads, and of
/// col2im adds to, one contiguous run of `outputWidth` scalars with no bounds to check: the
/// padding is already there, and stepping one output column steps one column of a phase.
struct PaddedPhases {
    let height: Int, width: Int
    let padTop: Int, padLeft: Int
    let stride: Int
    let paddedHeight: Int, phaseWidth: Int

    init(_ g: ConvGeometry) {
        (height, width) = (g.height, g.width)
        (padTop, padLeft) = (g.padHeight, g.padWidth)
        stride = g.strideWidth
        paddedHeight = g.height + 2 * g.padHeight
        phaseWidth = (g.width + 2 * g.padWidth + stride - 1) / stride
    }

    var phaseSize: Int { paddedHeight * phaseWidth }
    var count: Int { stride * phaseSize }

    /// Where padded column `column` of padded row `row` is kept.
    @inline(__always)
    func offset(row: Int, column: Int) -> Int {
        (column % stride) * phaseSize + row * phaseWidth + column / stride
    }

    /// phases ← the plane, padded with zeros, for the padded rows `rows` (all by default): a
    /// block of output rows reads only its own.
    func split(_ plane: UnsafePointer<Float>, into phases: UnsafeMutablePointer<Float>, rows: Range<Int>? = nil) {
        for paddedRow in rows ?? 0..<paddedHeight {
            for r in 0..<stride {
                ScalarRuns.fill(phases + r * phaseSize + paddedRow * phaseWidth, with: 0, count: phaseWidth)
            }
            let y = paddedRow - padTop
            if y < 0 || y >= height { continue }
            let row = plane + y * width
            let first = phases + offset(row: paddedRow, column: padLeft)   // where column 0 goes
            var t = 0
            // Columns t + m of a vector go to phase (padLeft + t + m) mod s, t a multiple of s.
            switch stride {
            case 1:
                ScalarRuns.copy(row, to: first, count: width)
                t = width
            case 2:
                let next = phases + offset(row: paddedRow, column: padLeft + 1)
                while t + 16 <= width {
                    let v = UnsafeRawPointer(row + t).loadUnaligned(as: SIMD16<Float>.self)
                    ScalarRuns.store(v.evenHalf, first + t / 2)
                    ScalarRuns.store(v.oddHalf, next + t / 2)
                    t += 16
                }
            case 4:
                let p = (0..<4).map { phases + offset(row: paddedRow, column: padLeft + $0) }
                while t + 32 <= width {
                    let v = UnsafeRawPointer(row + t).loadUnaligned(as: SIMD32<Float>.self)
                    ScalarRuns.store(v.evenHalf.evenHalf, p[0] + t / 4)
                    ScalarRuns.store(v.oddHalf.evenHalf, p[1] + t / 4)
                    ScalarRuns.store(v.evenHalf.oddHalf, p[2] + t / 4)
                    ScalarRuns.store(v.oddHalf.oddHalf, p[3] + t / 4)
                    t += 32
                }
            default:
                break
            }
            for r in 0..<min(stride, width - t) {
                var q = phases + offset(row: paddedRow, column: padLeft + t + r)
                for column in Swift.stride(from: t + r, to: width, by: stride) {
                    q.pointee = row[column]
                    q += 1
                }
            }
        }
    }

    /// plane ← the unpadded part of phases, plus bias.
    func merge(_ phases: UnsafePointer<Float>, into plane: UnsafeMutablePointer<Float>, adding bias: Float) {
        for y in 0..<height {
            let row = plane + y * width
            var t = 0
            if stride == 1 {
                ScalarRuns.copy(phases + offset(row: y + padTop, column: padLeft), to: row, count: width, adding: bias)
                t = width
            } else if stride == 2 {
                let first = phases + offset(row: y + padTop, column: padLeft)
                let next = phases + offset(row: y + padTop, column: padLeft + 1)
                while t + 16 <= width {
                    var v = SIMD16<Float>()
                    v.evenHalf = ScalarRuns.load(first + t / 2)
                    v.oddHalf = ScalarRuns.load(next + t / 2)
                    UnsafeMutableRawPointer(row + t).storeBytes(of: v + bias, as: SIMD16<Float>.self)
                    t += 16
                }
            } else if stride == 4 {
                let p = (0..<4).map { phases + offset(row: y + padTop, column: padLeft + $0) }
                while t + 32 <= width {
                    var even = SIMD16<Float>(), odd = SIMD16<Float>()
                    even.evenHalf = ScalarRuns.load(p[0] + t / 4)
                    odd.evenHalf = ScalarRuns.load(p[1] + t / 4)
                    even.oddHalf = ScalarRuns.load(p[2] + t / 4)
                    odd.oddHalf = ScalarRuns.load(p[3] + t / 4)
                    var v = SIMD32<Float>()
                    v.evenHalf = even
                    v.oddHalf = odd
                    UnsafeMutableRawPointer(row + t).storeBytes(of: v + bias, as: SIMD32<Float>.self)
                    t += 32
                }
            }
            for r in 0..<min(stride, width - t) {
                var q = phases + offset(row: y + padTop, column: padLeft + t + r)
                for column in Swift.stride(from: t + r, to: width, by: stride) {
                    row[column] = q.pointee + bias
                    q += 1
                }
            }
        }
    }
}
