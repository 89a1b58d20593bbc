import CPrefetch
import Foundation
#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// Local response normalisation across channels (Caffe's ACROSS_CHANNELS) on data seen as
/// [images, channels, plane]:
///
///     scale[c] = k + alpha/size · Σ x[c']²  over c' = c - before ... c + after, clipped
///     y[c]     = x[c] · scale[c]^-beta
///
/// with before = (size - 1)/2 and after = size/2 (the same window both ways for odd sizes).
/// Work items are (image, block of pixels), spread over the workers. Within one, each group of
/// eight pixels (SIMD lanes) slides a window sum through the channels: it adds the entering
/// square and subtracts the leaving one. Each pixel's arithmetic is the same whatever group or
/// block it falls in, so results do not depend on the blocking or the worker count.
///
/// Backward recomputes the scale and scale^-beta with the same sliding sum instead of reading
/// them from the forward: with reciprocal square roots that costs less than moving a kept copy,
/// as large as the input, through memory and back.
struct CrossChannelLRN {
    let size: Int, alpha: Float, beta: Float, k: Float
    let images: Int, channels: Int, plane: Int

    var before: Int { (size - 1) / 2 }
    var after: Int { size / 2 }

    /// Pixels per work item: few enough that even one image splits over the workers, enough that
    /// an item's set-up is negligible.
    var block: Int { min(plane, 512) }

    /// y = x · scale^-beta.
    func forward(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        if beta == 0.75 {
            forward(x, into: y, ThreeQuartersPower())
        } else {
            forward(x, into: y, GeneralPower(exponent: -beta))
        }
    }

    /// Caffe's LRN backward, given the forward's x:
    ///
    ///     dx[c] = dy[c] · scale[c]^-beta - (2·alpha·beta/size) · x[c] · Σ dy[c']·y[c']/scale[c']
    ///
    /// over the transposed window c' = c - after ... c + before. Overwrites dx.
    func backward(_ dy: UnsafePointer<Float>, x: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>) {
        if beta == 0.75 {
            backward(dy, x: x, into: dx, ThreeQuartersPower())
        } else {
            backward(dy, x: x, into: dx, GeneralPower(exponent: -beta))
        }
    }

    private func backward<P: NegativePower>(_ dy: UnsafePointer<Float>, x: UnsafePointer<Float>,
                                            into dx: UnsafeMutablePointer<Float>, _ power: P) {
        guard plane >= Lanes.scalarCount else {
            return widened(x, dy, into: dx) { wide, x, dy, dx in wide.backward(dy!, x: x, into: dx, power) }
        }
        let coefficient = 2 * alpha * beta / Float(size)
        // One sweep through the channels. Step t computes channel t's direct = dy · scale^-beta
        // and ratio = dy · y / scale, and finishes channel c = t - before, whose transposed
        // window c - after ... c + before is then complete. Only the last before + 1 direct terms
        // and size + 1 ratio terms are kept, in rings, so a block's scratch stays in L1.
        let directDepth = before + 1, ratioDepth = size + 1
        forEachBlock(lanesPerGroup: 2 + directDepth + ratioDepth) { block, scratch in
            let groups = block.groups
            let sums = scratch, ratioSums = sums + groups
            let direct = ratioSums + groups, ratio = direct + directDepth * groups
            startWindows(x, block, sums)
            ratioSums.update(repeating: Lanes(), count: groups)
            for t in 0..<(channels + before) {
                let entering = t < channels ? ratio + (t % ratioDepth) * groups : nil
                if let entering {
                    let rows = windowRows(x, block, channel: t)
                    let xRow = x + block.planeBase + t * plane, dyRow = dy + block.planeBase + t * plane
                    let dyNext = t + 1 < channels ? dyRow + plane : nil
                    let directRow = direct + (t % directDepth) * groups
                    for g in 0..<groups {
                        let p = block.start(g)
                        prefetch(dyNext, g, at: p)
                        let (q, reciprocal) = power.withReciprocal(slideWindow(sums, g, at: p, rows))
                        let d = ScalarRuns.load(dyRow + p)
                        directRow[g] = d * q
                        entering[g] = d * ScalarRuns.load(xRow + p) * q * reciprocal
                    }
                }
                let leaving = t - size >= 0 ? ratio + ((t - size) % ratioDepth) * groups : nil
                for g in 0..<groups {
                    ratioSums[g] += (entering?[g] ?? Lanes()) - (leaving?[g] ?? Lanes())
                }
                let c = t - before
                guard c >= 0 else { continue }
                let directRow = direct + (c % directDepth) * groups
                let xRow = x + block.planeBase + c * plane, dxRow = dx + block.planeBase + c * plane
                for g in 0..<groups {
                    let p = block.start(g)
                    ScalarRuns.store(directRow[g] - coefficient * ScalarRuns.load(xRow + p) * ratioSums[g], dxRow + p)
                }
            }
        }
    }

    private func forward<P: NegativePower>(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, _ power: P) {
        guard plane >= Lanes.scalarCount else {
            return widened(x, nil, into: y) { wide, x, _, y in wide.forward(x, into: y, power) }
        }
        forEachBlock(lanesPerGroup: 1) { block, sums in
            startWindows(x, block, sums)
            for c in 0..<channels {
                let rows = windowRows(x, block, channel: c)
                let xRow = x + block.planeBase + c * plane, yRow = y + block.planeBase + c * plane
                for g in 0..<block.groups {
                    let p = block.start(g)
                    ScalarRuns.store(ScalarRuns.load(xRow + p) * power(slideWindow(sums, g, at: p, rows)), yRow + p)
                }
            }
        }
    }

    /// One image's groups of eight pixels that go through the channels side by side, each with
    /// its own window sum: the loops then read every channel's row of the block in order, which
    /// the prefetcher follows (one group walking 96 channel planes alone ran at a third of memory
    /// speed). The last group of a ragged plane overlaps the one before (same arithmetic, so the
    /// pixels they share get the same values).
    private struct Block {
        let planeBase: Int, firstGroup: Int, groups: Int, plane: Int

        /// Group g's first pixel within the plane.
        @inline(__always) func start(_ g: Int) -> Int {
            min((firstGroup + g) * Lanes.scalarCount, plane - Lanes.scalarCount)
        }
    }

    /// Runs body on every block of every image (planes of at least eight pixels), spread over
    /// the workers, with per-worker scratch of `lanesPerGroup` vectors per group.
    @inline(__always)
    private func forEachBlock(lanesPerGroup: Int, _ body: (Block, UnsafeMutablePointer<Lanes>) -> Void) {
        let lanes = Lanes.scalarCount, groupsPerPlane = (plane + lanes - 1) / lanes
        let groupsPerBlock = (block + lanes - 1) / lanes
        let blocks = (groupsPerPlane + groupsPerBlock - 1) / groupsPerBlock
        Parallel.forEachChunk(images * blocks) { range in
            // Not cleared: the bodies write every vector before reading it.
            let scratch = UnsafeMutablePointer<Lanes>.allocate(capacity: groupsPerBlock * lanesPerGroup)
            defer { scratch.deallocate() }
            for item in range {
                let firstGroup = (item % blocks) * groupsPerBlock
                body(Block(planeBase: (item / blocks) * channels * plane, firstGroup: firstGroup,
                           groups: min(groupsPerBlock, groupsPerPlane - firstGroup), plane: plane), scratch)
            }
        }
    }

    /// sums[g] = Σ x² over the channels that enter the window before channel 0.
    @inline(__always)
    private func startWindows(_ x: UnsafePointer<Float>, _ block: Block, _ sums: UnsafeMutablePointer<Lanes>) {
        sums.update(repeating: Lanes(), count: block.groups)
        for c in 0..<min(after, channels) {
            let row = x + block.planeBase + c * plane
            for g in 0..<block.groups {
                let v = ScalarRuns.load(row + block.start(g))
                sums[g] += v * v
            }
        }
    }

    /// The rows of x that enter and leave the window of channel c, and the one entering at c + 1
    /// (nil past either end).
    private struct WindowRows {
        let entering: UnsafePointer<Float>?, leaving: UnsafePointer<Float>?, enteringNext: UnsafePointer<Float>?
    }

    @inline(__always)
    private func windowRows(_ x: UnsafePointer<Float>, _ block: Block, channel c: Int) -> WindowRows {
        func row(_ channel: Int) -> UnsafePointer<Float>? {
            0 <= channel && channel < channels ? x + block.planeBase + channel * plane : nil
        }
        return WindowRows(entering: row(c + after), leaving: row(c - before - 1), enteringNext: row(c + after + 1))
    }

    /// Slides group g's window sum on by one channel and returns k + a · sum. Prefetches the next
    /// channel's entering row: a block's 2 kB of a channel is too short a stream for the hardware
    /// prefetcher to pick up before it ends, so without this every channel waits on memory.
    @inline(__always)
    private func slideWindow(_ sums: UnsafeMutablePointer<Lanes>, _ g: Int, at p: Int, _ rows: WindowRows) -> Lanes {
        prefetch(rows.enteringNext, g, at: p)
        let e = rows.entering.map { ScalarRuns.load($0 + p) } ?? Lanes()
        let l = rows.leaving.map { ScalarRuns.load($0 + p) } ?? Lanes()
        sums[g] += e * e - l * l
        return alpha / Float(size) * sums[g] + k
    }

    /// Prefetches the cache line of `row` at pixel p, once per two groups (64 bytes hold two).
    @inline(__always)
    private func prefetch(_ row: UnsafePointer<Float>?, _ g: Int, at p: Int) {
        if let row, g & 1 == 0 { prefetch_for_read(row + p) }
    }

    /// Planes narrower than eight pixels (ranks 2 and 3, tiny feature maps): each image is copied
    /// into planes of eight, zero-padded, and run through `kernel` as a one-image batch; the first
    /// `plane` pixels of each channel are copied back. The padding lanes never mix with real ones.
    private func widened(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>?, into output: UnsafeMutablePointer<Float>,
                         _ kernel: (CrossChannelLRN, UnsafePointer<Float>, UnsafePointer<Float>?,
                                    UnsafeMutablePointer<Float>) -> Void) {
        let lanes = Lanes.scalarCount
        let wide = CrossChannelLRN(size: size, alpha: alpha, beta: beta, k: k, images: 1, channels: channels, plane: lanes)
        Parallel.forEachChunk(images) { range in
            // x, dy and the output, [channels, 8] each.
            let staging = UnsafeMutablePointer<Float>.allocate(capacity: 3 * channels * lanes)
            defer { staging.deallocate() }
            staging.initialize(repeating: 0, count: 3 * channels * lanes)
            let (wideX, wideDY, wideOutput) = (staging, staging + channels * lanes, staging + 2 * channels * lanes)
            for image in range {
                let base = image * channels * plane
                for c in 0..<channels {
                    (wideX + c * lanes).update(from: x + base + c * plane, count: plane)
                    if let dy { (wideDY + c * lanes).update(from: dy + base + c * plane, count: plane) }
                }
                kernel(wide, wideX, dy == nil ? nil : UnsafePointer(wideDY), wideOutput)
                for c in 0..<channels { (output + base + c * plane).update(from: wideOutput + c * lanes, count: plane) }
            }
        }
    }
}

private typealias Lanes = SIMD8<Float>

extension SIMD8<Float> {
    /// 1/√x of each lane (x > 0) to about 2 ulp: AVX's 12-bit estimate refined by one Newton
    /// step, a third of the time of a square root and a division.
    @inline(__always)
    fileprivate func laneReciprocalSquareRoots() -> Self {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        let e = _mm256_rsqrt_ps(self)
        return e * (1.5 - 0.5 * self * e * e)
        #else
        return 1 / squareRoot()
        #endif
    }
}

extension CrossChannelLRN {
    /// s^-beta lane by lane, specialised so the hot loop inlines it; backward also needs 1/s.
    private protocol NegativePower {
        func callAsFunction(_ s: Lanes) -> Lanes
        func withReciprocal(_ s: Lanes) -> (power: Lanes, reciprocal: Lanes)
    }

    /// beta = 0.75 (the usual LRN's): s^-3/4 = s^-1/2 · (s · s^-1/2)^-1/2, two reciprocal square roots
    /// instead of powf; 1/s is then the first one squared.
    private struct ThreeQuartersPower: NegativePower {
        @inline(__always) func callAsFunction(_ s: Lanes) -> Lanes { withReciprocal(s).power }

        @inline(__always) func withReciprocal(_ s: Lanes) -> (power: Lanes, reciprocal: Lanes) {
            let r = s.laneReciprocalSquareRoots()
            return (r * (s * r).laneReciprocalSquareRoots(), r * r)
        }
    }

    private struct GeneralPower: NegativePower {
        let exponent: Float

        @inline(__always) func callAsFunction(_ s: Lanes) -> Lanes {
            var p = Lanes()
            for l in 0..<Lanes.scalarCount { p[l] = powf(s[l], exponent) }
            return p
        }

        @inline(__always) func withReciprocal(_ s: Lanes) -> (power: Lanes, reciprocal: Lanes) { (self(s), 1 / s) }
    }
}
