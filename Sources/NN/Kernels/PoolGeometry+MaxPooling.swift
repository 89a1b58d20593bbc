#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// Max pooling over planes [planes, height, width] → [planes, outH, outW], and its backward.
///
/// Along an output row, the windows that need no clipping go eight at a time in SIMD lanes
/// (branch-free compare and select, so random data costs no mispredictions); the clipped windows
/// at the edges go one at a time. Window elements are visited in row-major order and replace the
/// maximum only when strictly greater, so ties keep the first maximum, as Caffe and PyTorch do.
extension PoolGeometry {
    /// y = the maximum of each window; with `argmax`, also its index within the input plane.
    func maxPool(_ x: UnsafePointer<Float>, planes: Int, into y: UnsafeMutablePointer<Float>,
                 argmax: UnsafeMutablePointer<Int32>?) {
        let interior = interiorColumns
        let total = planes * inputPlane
        // A row with fewer interior windows than lanes still loads all eight lanes' windows (the
        // extra lanes read on into the next rows and are discarded); near the end of x, where
        // that would read past it, such rows go one window at a time.
        let lastLane = interior.lowerBound + max(interior.count, Lanes.scalarCount) - 1
        Parallel.forEachChunk(planes) { range in
            for plane in range {
                let xp = x + plane * inputPlane
                for oy in 0..<outputHeight {
                    let rows = window(oy, size: height)
                    let row = plane * outputPlane + oy * outputWidth
                    let out = y + row, arg = argmax.map { $0 + row }
                    let farthest = plane * inputPlane + (rows.upperBound - 1) * width
                        + lastLane * stride - padding + kernel - 1
                    let vectorised = farthest < total ? interior : interior.upperBound..<interior.upperBound
                    for ox in 0..<vectorised.lowerBound {
                        singleWindow(xp, rows: rows, column: ox, out: out, argmax: arg)
                    }
                    for ox in vectorised.upperBound..<outputWidth {
                        singleWindow(xp, rows: rows, column: ox, out: out, argmax: arg)
                    }
                    guard !vectorised.isEmpty else { continue }
                    // A stride known at compile time lets the strided loads become shuffles.
                    switch stride {
                    case 1: interiorWindows(xp, rows: rows, columns: vectorised, StrideOne(), out: out, argmax: arg)
                    case 2: interiorWindows(xp, rows: rows, columns: vectorised, StrideTwo(), out: out, argmax: arg)
                    default: interiorWindows(xp, rows: rows, columns: vectorised, RuntimeStride(value: stride), out: out, argmax: arg)
                    }
                }
            }
        }
    }

    /// dx = 0, then dx[argmax] += dy for every output (overlapping windows add up). Overwrites dx.
    func maxPoolBackward(_ dy: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, planes: Int,
                         into dx: UnsafeMutablePointer<Float>) {
        Parallel.forEachChunk(planes) { range in
            for plane in range {
                let dxp = dx + plane * inputPlane
                dxp.update(repeating: 0, count: inputPlane)
                let dyp = dy + plane * outputPlane, ap = argmax + plane * outputPlane
                for o in 0..<outputPlane { dxp[Int(ap[o])] += dyp[o] }
            }
        }
    }

    /// One window (output column `column` of the row whose window rows are `rows`), clipped.
    @inline(__always)
    private func singleWindow(_ xp: UnsafePointer<Float>, rows: Range<Int>, column: Int,
                              out: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>?) {
        let columns = window(column, size: width)
        var at = rows.lowerBound * width + columns.lowerBound
        var best = xp[at]
        for r in rows {
            for c in columns {
                let i = r * width + c, v = xp[i]
                let better = v > best
                best = better ? v : best
                at = better ? i : at
            }
        }
        out[column] = best
        argmax?[column] = Int32(truncatingIfNeeded: at)
    }

    /// The unclipped windows `columns` of one output row, eight at a time. When there are more
    /// than eight but not a multiple of eight, the last group overlaps the one before (recomputing
    /// a window gives the same result); when there are fewer, only those lanes are stored.
    @inline(__always)
    private func interiorWindows<S: PoolStride>(_ xp: UnsafePointer<Float>, rows: Range<Int>, columns: Range<Int>,
                                                _ stride: S, out: UnsafeMutablePointer<Float>,
                                                argmax: UnsafeMutablePointer<Int32>?) {
        let s = stride.value, lanes = Lanes.scalarCount, n = columns.count, last = max(0, n - lanes)
        let laneOffsets = LaneIndices(0, 1, 2, 3, 4, 5, 6, 7) &* Int32(truncatingIfNeeded: s)
        // Index arithmetic wraps (&+, &*): offsets stay within the plane, and the overflow checks
        // were a third of the loop.
        var t = 0
        while true {
            let ox = columns.lowerBound &+ min(t, last)
            let firstColumn = ox &* s &- padding      // input column of lane 0's kernel column 0
            let firstOffset = rows.lowerBound &* width &+ firstColumn
            var best = Lanes.load(xp + firstOffset, stride: s)
            if let argmax {
                var at = laneOffsets &+ Int32(truncatingIfNeeded: firstOffset)
                for r in rows {
                    for j in 0..<kernel {
                        let offset = r &* width &+ firstColumn &+ j
                        let v = Lanes.load(xp + offset, stride: s)
                        let better = v .> best
                        best.replace(with: v, where: better)
                        at.replace(with: laneOffsets &+ Int32(truncatingIfNeeded: offset), where: better)
                    }
                }
                store(best, at, n: n, to: out + ox, argmax + ox)
            } else {
                for r in rows {
                    for j in 0..<kernel {
                        let v = Lanes.load(xp + (r &* width &+ firstColumn &+ j), stride: s)
                        best.replace(with: v, where: v .> best)
                    }
                }
                store(best, nil, n: n, to: out + ox, nil)
            }
            if t >= last { break }
            t &+= lanes
        }
    }

    /// Stores a group's maxima (and their indices), all eight lanes or only the first n.
    @inline(__always)
    private func store(_ best: Lanes, _ at: LaneIndices?, n: Int, to out: UnsafeMutablePointer<Float>,
                       _ argmax: UnsafeMutablePointer<Int32>?) {
        if n >= Lanes.scalarCount {
            UnsafeMutableRawPointer(out).storeBytes(of: best, as: Lanes.self)
            if let argmax, let at { UnsafeMutableRawPointer(argmax).storeBytes(of: at, as: LaneIndices.self) }
        } else {
            #if arch(x86_64) && canImport(_Builtin_intrinsics)
            // Masked stores of the first n lanes: extracting and storing lanes one by one costs
            // more than the group's comparisons, and small maps have rows of fewer than 8 windows.
            let firstN = unsafeBitCast((LaneIndices(0, 1, 2, 3, 4, 5, 6, 7) &- Int32(truncatingIfNeeded: n)) &>> 31,
                                       to: SIMD4<Int64>.self)
            _mm256_maskstore_ps(out, firstN, best)
            if let argmax, let at { _mm256_maskstore_epi32(argmax, firstN, unsafeBitCast(at, to: SIMD4<Int64>.self)) }
            #else
            for l in 0..<n { out[l] = best[l] }
            if let argmax, let at { for l in 0..<n { argmax[l] = at[l] } }
            #endif
        }
    }
}

extension PoolGeometry {
    /// A pooling stride, as a type so that `interiorWindows` is compiled once per literal stride.
    private protocol PoolStride {
        var value: Int { get }
    }

    private struct StrideOne: PoolStride { var value: Int { 1 } }
    private struct StrideTwo: PoolStride { var value: Int { 2 } }
    private struct RuntimeStride: PoolStride { let value: Int }
}

private typealias Lanes = SIMD8<Float>
private typealias LaneIndices = SIMD8<Int32>

extension SIMD8<Float> {
    /// p[0], p[s], …, p[7s], reading no element outside that span.
    @inline(__always)
    fileprivate static func load(_ p: UnsafePointer<Float>, stride s: Int) -> Self {
        switch s {
        case 1:
            return UnsafeRawPointer(p).loadUnaligned(as: Self.self)
        case 2:
            let low = UnsafeRawPointer(p).loadUnaligned(as: Self.self)          // p[0..<8]
            let high = UnsafeRawPointer(p + 7).loadUnaligned(as: Self.self)    // p[7..<15]
            return Self(lowHalf: low.evenHalf, highHalf: high.oddHalf)
        default:
            return Self(p[0], p[s], p[2 * s], p[3 * s], p[4 * s], p[5 * s], p[6 * s], p[7 * s])
        }
    }
}
