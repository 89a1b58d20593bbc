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
    /// Where the image's columns 0, 1, …, stride - 1 are kept relative to their padded row's start
    /// in phase 0; column m + t (t a multiple of the stride) is t / stride further on. Worked out
    /// once per im2col or col2im call: the divisions in `offset` cost more than a row's copy.
    private let imageColumnStarts: [Int]

    init(_ g: ConvGeometry) {
        (height, width) = (g.height, g.width)
        (padTop, padLeft) = (g.padHeight, g.padWidth)
        let stride = g.strideWidth
        self.stride = stride
        paddedHeight = g.height + 2 * g.padHeight
        phaseWidth = (g.width + 2 * g.padWidth + stride - 1) / stride
        let phaseSize = paddedHeight * phaseWidth, padLeft = g.padWidth
        imageColumnStarts = (0..<stride).map { m in (padLeft + m) % stride * phaseSize + (padLeft + m) / stride }
    }

    var phaseSize: Int { paddedHeight * phaseWidth }
    var count: Int { stride * phaseSize }

    /// Where padded column `column` of padded row `row` is kept.
    @inline(__always)
    func offset(row: Int, column: Int) -> Int {
        (column % stride) * phaseSize + row * phaseWidth + column / stride
    }

    /// phases ← the plane's values for the padded rows `rows`: a block of output rows reads only
    /// its own. Only the image's positions are written; the padding positions are the same for
    /// every plane, so the caller zero-fills the phases once and they stay zero.
    func split(_ plane: UnsafePointer<Float>, into phases: UnsafeMutablePointer<Float>, rows: Range<Int>) {
        let rows = rows.clamped(to: padTop..<(padTop + height))
        for paddedRow in rows {
            let row = plane + (paddedRow - padTop) * width
            let target = phases + paddedRow * phaseWidth
            var t = 0
            // Columns t + m of a vector go to phase (padLeft + m) mod s, t a multiple of s.
            switch stride {
            case 1:
                ScalarRuns.copy(row, to: target + imageColumn(0), count: width)
                t = width
            case 2:
                let (p0, p1) = (target + imageColumn(0), target + imageColumn(1))
                while t + 16 <= width {
                    let v = UnsafeRawPointer(row + t).loadUnaligned(as: SIMD16<Float>.self)
                    ScalarRuns.store(v.evenHalf, p0 + t / 2)
                    ScalarRuns.store(v.oddHalf, p1 + t / 2)
                    t += 16
                }
            case 4:
                let (p0, p1, p2, p3) = (target + imageColumn(0), target + imageColumn(1), target + imageColumn(2), target + imageColumn(3))
                while t + 32 <= width {
                    let (a, b, c, d) = FourWayInterleave.deinterleave(
                        ScalarRuns.load(row + t), ScalarRuns.load(row + t + 8),
                        ScalarRuns.load(row + t + 16), ScalarRuns.load(row + t + 24))
                    ScalarRuns.store(a, p0 + t / 4)
                    ScalarRuns.store(b, p1 + t / 4)
                    ScalarRuns.store(c, p2 + t / 4)
                    ScalarRuns.store(d, p3 + t / 4)
                    t += 32
                }
            default:
                break
            }
            for r in 0..<min(stride, width - t) {
                var q = target + imageColumn(r) + t / stride
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
            let source = phases + (y + padTop) * phaseWidth
            var t = 0
            if stride == 1 {
                ScalarRuns.copy(source + imageColumn(0), to: row, count: width, adding: bias)
                t = width
            } else if stride == 2 {
                let (p0, p1) = (source + imageColumn(0), source + imageColumn(1))
                while t + 16 <= width {
                    var v = SIMD16<Float>()
                    v.evenHalf = ScalarRuns.load(p0 + t / 2)
                    v.oddHalf = ScalarRuns.load(p1 + t / 2)
                    UnsafeMutableRawPointer(row + t).storeBytes(of: v + bias, as: SIMD16<Float>.self)
                    t += 16
                }
            } else if stride == 4 {
                let (p0, p1, p2, p3) = (source + imageColumn(0), source + imageColumn(1), source + imageColumn(2), source + imageColumn(3))
                while t + 32 <= width {
                    let (v0, v1, v2, v3) = FourWayInterleave.interleave(
                        ScalarRuns.load(p0 + t / 4), ScalarRuns.load(p1 + t / 4),
                        ScalarRuns.load(p2 + t / 4), ScalarRuns.load(p3 + t / 4))
                    ScalarRuns.store(v0 + bias, row + t)
                    ScalarRuns.store(v1 + bias, row + t + 8)
                    ScalarRuns.store(v2 + bias, row + t + 16)
                    ScalarRuns.store(v3 + bias, row + t + 24)
                    t += 32
                }
            }
            for r in 0..<min(stride, width - t) {
                var q = source + imageColumn(r) + t / stride
                for column in Swift.stride(from: t + r, to: width, by: stride) {
                    row[column] = q.pointee + bias
                    q += 1
                }
            }
        }
    }

    /// Where image column m < stride is kept, relative to its padded row's start in phase 0.
    @inline(__always)
    private func imageColumn(_ m: Int) -> Int { imageColumnStarts.withUnsafeBufferPointer { $0[m] } }
}
