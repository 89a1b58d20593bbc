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
/// Work items are (image, block of pixels). Within one, channels run outside and the block's
/// pixels inside, eight SIMD lanes at a time, and the window sum slides over the channels, adding
/// the entering square and subtracting the leaving one. A block is short enough for every plane
/// the window touches to stay in cache. Each pixel's arithmetic does not depend on the blocking,
/// so results are the same for any worker count.
///
/// Backward recomputes the scale from x rather than reading a cached copy: the sliding sum costs
/// a few additions per element, while a cached scale costs writing and re-reading a tensor as
/// large as the input.
struct CrossChannelLRN {
    let size: Int, alpha: Float, beta: Float, k: Float
    let images: Int, channels: Int, plane: Int

    var before: Int { (size - 1) / 2 }
    var after: Int { size / 2 }

    /// Pixels per work item: about 16K scalars per [channels, block] slab, a multiple of 16.
    var block: Int { min(plane, max(16, 16_384 / max(1, channels) / 16 * 16)) }
    var blocksPerImage: Int { (plane + block - 1) / block }

    /// y = x · scale^-beta.
    func forward(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        if beta == 0.75 {
            forward(x, into: y, power: ThreeQuartersPower())
        } else {
            forward(x, into: y, power: GeneralPower(exponent: -beta))
        }
    }

    /// Caffe's LRN backward:
    ///
    ///     dx[c] = dy[c] · scale[c]^-beta - (2·alpha·beta/size) · x[c] · Σ dy[c']·y[c']/scale[c']
    ///
    /// over the transposed window c' = c - after ... c + before. Overwrites dx.
    func backward(_ dy: UnsafePointer<Float>, x: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>) {
        if beta == 0.75 {
            backward(dy, x: x, into: dx, power: ThreeQuartersPower())
        } else {
            backward(dy, x: x, into: dx, power: GeneralPower(exponent: -beta))
        }
    }

    private func forward<P: NegativePower>(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>,
                                           power: P) {
        forEachItem(ratioChannels: 0) { base, count, scratch in
            forEachScale(x, base: base, count: count, scratch: scratch) { c, i, n, scale in
                let offset = base + c * plane + i
                (Lanes.load(x + offset, upTo: n) * power(scale)).store(to: y + offset, upTo: n)
            }
        }
    }

    private func backward<P: NegativePower>(_ dy: UnsafePointer<Float>, x: UnsafePointer<Float>,
                                            into dx: UnsafeMutablePointer<Float>, power: P) {
        let coefficient = 2 * alpha * beta / Float(size)
        forEachItem(ratioChannels: channels) { base, count, scratch in
            // dx = dy · scale^-beta, and ratio = dy · y / scale for the second term.
            forEachScale(x, base: base, count: count, scratch: scratch) { c, i, n, scale in
                let offset = base + c * plane + i
                let (p, inverse) = power.withInverse(scale)
                let d = Lanes.load(dy + offset, upTo: n)
                (d * p).store(to: dx + offset, upTo: n)
                let r = d * Lanes.load(x + offset, upTo: n) * p * inverse
                r.store(to: scratch.ratio + c * scratch.block + i, upTo: n)
            }
            // Σ ratio over the transposed window of c, c - after ... c + before, sliding.
            let sum = scratch.sum, ratio = UnsafePointer(scratch.ratio), block = scratch.block
            sum.update(repeating: 0, count: count)
            for c in 0..<min(before, channels) {
                for i in 0..<count { sum[i] += ratio[c * block + i] }
            }
            for c in 0..<channels {
                let entering = c + before < channels ? ratio + (c + before) * block : scratch.zero
                let leaving = c - after - 1 >= 0 ? ratio + (c - after - 1) * block : scratch.zero
                let plane = base + c * self.plane
                Lanes.sweep(count) { i, n in
                    let w = Lanes.load(sum + i, upTo: n)
                        + (Lanes.load(entering + i, upTo: n) - Lanes.load(leaving + i, upTo: n))
                    w.store(to: sum + i, upTo: n)
                    let d = Lanes.load(dx + plane + i, upTo: n) - coefficient * Lanes.load(x + plane + i, upTo: n) * w
                    d.store(to: dx + plane + i, upTo: n)
                }
            }
        }
    }

    /// Per-worker scratch: the window sum, a zero row standing in for channels outside the image,
    /// and (backward) the ratios of one work item, [channels, block].
    private struct Scratch {
        let block: Int
        let sum: UnsafeMutablePointer<Float>
        let zero: UnsafePointer<Float>
        let ratio: UnsafeMutablePointer<Float>
    }

    /// Runs body(base, count, scratch) for every work item, spread over the workers; `base` is
    /// the offset of the item's first pixel in channel 0 and `count` its number of pixels.
    @inline(__always)
    private func forEachItem(ratioChannels: Int, _ body: (Int, Int, Scratch) -> Void) {
        let block = block, blocks = blocksPerImage
        Parallel.forEachChunk(images * blocks) { range in
            let storage = UnsafeMutablePointer<Float>.allocate(capacity: (2 + ratioChannels) * block)
            defer { storage.deallocate() }
            storage.initialize(repeating: 0, count: (2 + ratioChannels) * block)
            let scratch = Scratch(block: block, sum: storage, zero: storage + block, ratio: storage + 2 * block)
            for item in range {
                let start = (item % blocks) * block
                body((item / blocks) * channels * plane + start, min(block, plane - start), scratch)
            }
        }
    }

    /// Walks the channels of one work item in order, keeping scratch.sum = Σ x² over the window of
    /// the current channel, and calls body(c, i, n, scale) for the n ≤ 8 pixels from pixel i of
    /// the item in channel c, with their scale.
    @inline(__always)
    private func forEachScale(_ x: UnsafePointer<Float>, base: Int, count: Int, scratch: Scratch,
                              _ body: (Int, Int, Int, Lanes) -> Void) {
        let a = alpha / Float(size), k = k, sum = scratch.sum
        sum.update(repeating: 0, count: count)
        for c in 0..<min(after, channels) {
            let xc = x + base + c * plane
            for i in 0..<count { sum[i] += xc[i] * xc[i] }
        }
        for c in 0..<channels {
            let entering = c + after < channels ? x + base + (c + after) * plane : scratch.zero
            let leaving = c - before - 1 >= 0 ? x + base + (c - before - 1) * plane : scratch.zero
            Lanes.sweep(count) { i, n in
                let e = Lanes.load(entering + i, upTo: n), l = Lanes.load(leaving + i, upTo: n)
                let w = Lanes.load(sum + i, upTo: n) + (e * e - l * l)
                w.store(to: sum + i, upTo: n)
                body(c, i, n, a * w + k)
            }
        }
    }
}

private typealias Lanes = SIMD8<Float>

extension SIMD8<Float> {
    /// Calls body(i, 8) for each full group of lanes in 0..<count, then body(i, rest) once for
    /// the remainder; the full groups see a literal lane count, so their loads and stores are
    /// plain vector moves.
    @inline(__always)
    fileprivate static func sweep(_ count: Int, _ body: (Int, Int) -> Void) {
        var i = 0
        while i + scalarCount <= count {
            body(i, scalarCount)
            i += scalarCount
        }
        if i < count { body(i, count - i) }
    }

    /// p[0..<8], or the first `available` of them followed by zeros.
    @inline(__always)
    fileprivate static func load(_ p: UnsafePointer<Float>, upTo available: Int) -> Self {
        if available >= scalarCount { return UnsafeRawPointer(p).loadUnaligned(as: Self.self) }
        var v = Self()
        for l in 0..<available { v[l] = p[l] }
        return v
    }

    /// Writes the lanes to p[0..<8], or only the first `available`.
    @inline(__always)
    fileprivate func store(to p: UnsafeMutablePointer<Float>, upTo available: Int) {
        if available >= scalarCount {
            UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self)
        } else {
            for l in 0..<available { p[l] = self[l] }
        }
    }

    /// The IEEE square root of each lane. Swift's Float.squareRoot() goes through sqrtf (errno)
    /// on Linux and is never vectorised; SSE's sqrtps gives the same correctly rounded results.
    @inline(__always)
    fileprivate func laneSquareRoots() -> Self {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        return Self(lowHalf: _mm_sqrt_ps(lowHalf), highHalf: _mm_sqrt_ps(highHalf))
        #else
        return squareRoot()
        #endif
    }
}

/// s^-beta lane by lane, and with it 1/s, specialised so the hot loops inline it.
private protocol NegativePower {
    func callAsFunction(_ s: Lanes) -> Lanes
    func withInverse(_ s: Lanes) -> (power: Lanes, inverse: Lanes)
}

/// beta = 0.75 (AlexNet's): s^-3/4 = 1/(√s·√√s), two square roots and a division instead of powf.
private struct ThreeQuartersPower: NegativePower {
    @inline(__always) func callAsFunction(_ s: Lanes) -> Lanes {
        let r = s.laneSquareRoots()
        return 1 / (r * r.laneSquareRoots())
    }

    @inline(__always) func withInverse(_ s: Lanes) -> (power: Lanes, inverse: Lanes) {
        let inverse = 1 / s, r = inverse.laneSquareRoots()
        return (r * r.laneSquareRoots(), inverse)
    }
}

private struct GeneralPower: NegativePower {
    let exponent: Float

    @inline(__always) func callAsFunction(_ s: Lanes) -> Lanes {
        var p = Lanes()
        for l in 0..<Lanes.scalarCount { p[l] = powf(s[l], exponent) }
        return p
    }

    @inline(__always) func withInverse(_ s: Lanes) -> (power: Lanes, inverse: Lanes) {
        (callAsFunction(s), 1 / s)
    }
}
