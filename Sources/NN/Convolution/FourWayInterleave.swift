#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// The layout moves of stride 4 between a row and its four phases, eight values of each phase at
/// a time: interleaving (a, b, c, d) gives a0 b0 c0 d0 a1 b1 c1 d1 … a7 b7 c7 d7 as four vectors,
/// deinterleaving undoes it.
///
/// Both are a 4×4 transpose within each 128-bit half plus a regrouping of halves: twelve AVX
/// shuffles. Swift's SIMD32 even/odd halves compile to stack spills instead, which made col2im's
/// merge a large part of a stride-4 convolution's time.
enum FourWayInterleave {
    typealias Lanes = SIMD8<Float>

    @inline(__always)
    static func interleave(_ a: Lanes, _ b: Lanes, _ c: Lanes, _ d: Lanes) -> (Lanes, Lanes, Lanes, Lanes) {
        let (u0, u1, u2, u3) = transposeWithinHalves(a, b, c, d)
        return (Lanes(lowHalf: u0.lowHalf, highHalf: u1.lowHalf), Lanes(lowHalf: u2.lowHalf, highHalf: u3.lowHalf),
                Lanes(lowHalf: u0.highHalf, highHalf: u1.highHalf), Lanes(lowHalf: u2.highHalf, highHalf: u3.highHalf))
    }

    @inline(__always)
    static func deinterleave(_ v0: Lanes, _ v1: Lanes, _ v2: Lanes, _ v3: Lanes) -> (Lanes, Lanes, Lanes, Lanes) {
        transposeWithinHalves(Lanes(lowHalf: v0.lowHalf, highHalf: v2.lowHalf), Lanes(lowHalf: v0.highHalf, highHalf: v2.highHalf),
                              Lanes(lowHalf: v1.lowHalf, highHalf: v3.lowHalf), Lanes(lowHalf: v1.highHalf, highHalf: v3.highHalf))
    }

    /// Within each half, rows (a, b, c, d) become columns: the first result is a0 b0 c0 d0 a4 b4 c4 d4.
    @inline(__always)
    private static func transposeWithinHalves(_ a: Lanes, _ b: Lanes, _ c: Lanes, _ d: Lanes)
        -> (Lanes, Lanes, Lanes, Lanes) {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        // Pairs of floats as doubles, so that the second step moves pairs.
        func pairs(_ v: Lanes) -> SIMD4<Double> { unsafeBitCast(v, to: SIMD4<Double>.self) }
        func floats(_ v: SIMD4<Double>) -> Lanes { unsafeBitCast(v, to: Lanes.self) }
        let ab0 = pairs(_mm256_unpacklo_ps(a, b)), ab1 = pairs(_mm256_unpackhi_ps(a, b))
        let cd0 = pairs(_mm256_unpacklo_ps(c, d)), cd1 = pairs(_mm256_unpackhi_ps(c, d))
        return (floats(_mm256_unpacklo_pd(ab0, cd0)), floats(_mm256_unpackhi_pd(ab0, cd0)),
                floats(_mm256_unpacklo_pd(ab1, cd1)), floats(_mm256_unpackhi_pd(ab1, cd1)))
        #else
        func column(_ i: Int) -> Lanes { Lanes(a[i], b[i], c[i], d[i], a[i + 4], b[i + 4], c[i + 4], d[i + 4]) }
        return (column(0), column(1), column(2), column(3))
        #endif
    }
}
