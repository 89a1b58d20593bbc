/// Copy, fill and add over short runs of floats, eight lanes at a time.
///
/// im2col and col2im move one output row (a few to a few dozen floats) per call, so a call into
/// memmove or memset, or a vector loop that only starts at 32 floats, costs more than the move
/// itself. These inline to a few AVX loads and stores.
enum ScalarRuns {
    typealias Lanes = SIMD8<Float>

    /// dest[0..<count] = source[0..<count]. The runs must not overlap.
    @inline(__always)
    static func copy(_ source: UnsafePointer<Float>, to dest: UnsafeMutablePointer<Float>, count: Int) {
        copy(source, to: dest, count: count) { $0 }
    }

    /// dest[0..<count] = source[0..<count] + value. The runs must not overlap.
    @inline(__always)
    static func copy(_ source: UnsafePointer<Float>, to dest: UnsafeMutablePointer<Float>, count: Int,
                     adding value: Float) {
        copy(source, to: dest, count: count) { $0 + value }
    }

    /// dest[i] = f(source[i]) for i < count, f applied lane-wise. Index arithmetic wraps (&+):
    /// counts are far from overflowing, and the checks cost a third of a short run.
    @inline(__always)
    private static func copy(_ source: UnsafePointer<Float>, to dest: UnsafeMutablePointer<Float>, count: Int,
                             _ f: (Lanes) -> Lanes) {
        if count >= Lanes.scalarCount {
            // The last eight overlap the ones before: writing a value twice is harmless here.
            let last = count &- Lanes.scalarCount
            var t = 0
            while t < last {
                store(f(load(source + t)), dest + t)
                t &+= Lanes.scalarCount
            }
            store(f(load(source + last)), dest + last)
        } else if count >= 4 {
            let head = UnsafeRawPointer(source).loadUnaligned(as: SIMD4<Float>.self)
            let tail = UnsafeRawPointer(source + (count &- 4)).loadUnaligned(as: SIMD4<Float>.self)
            let v = f(Lanes(lowHalf: head, highHalf: tail))
            UnsafeMutableRawPointer(dest).storeBytes(of: v.lowHalf, as: SIMD4<Float>.self)
            UnsafeMutableRawPointer(dest + (count &- 4)).storeBytes(of: v.highHalf, as: SIMD4<Float>.self)
        } else {
            for t in 0..<count { dest[t] = f(Lanes(repeating: source[t]))[0] }
        }
    }

    /// dest[0..<count] += value.
    @inline(__always)
    static func increase(_ dest: UnsafeMutablePointer<Float>, by value: Float, count: Int) {
        var t = 0
        while t + Lanes.scalarCount <= count {
            store(load(dest + t) + value, dest + t)
            t += Lanes.scalarCount
        }
        while t < count {
            dest[t] += value
            t += 1
        }
    }

    /// dest[0..<count] = value.
    @inline(__always)
    static func fill(_ dest: UnsafeMutablePointer<Float>, with value: Float, count: Int) {
        if count >= Lanes.scalarCount {
            let v = Lanes(repeating: value)
            var t = 0
            while t + Lanes.scalarCount < count {
                store(v, dest + t)
                t += Lanes.scalarCount
            }
            store(v, dest + count - Lanes.scalarCount)
        } else {
            for t in 0..<count { dest[t] = value }
        }
    }

    /// dest[0..<count] += source[0..<count]. The runs must not overlap.
    @inline(__always)
    static func add(_ source: UnsafePointer<Float>, to dest: UnsafeMutablePointer<Float>, count: Int) {
        var t = 0
        while t + Lanes.scalarCount <= count {
            store(load(dest + t) + load(source + t), dest + t)
            t += Lanes.scalarCount
        }
        if t + 4 <= count {
            let sum = UnsafeRawPointer(dest + t).loadUnaligned(as: SIMD4<Float>.self)
                + UnsafeRawPointer(source + t).loadUnaligned(as: SIMD4<Float>.self)
            UnsafeMutableRawPointer(dest + t).storeBytes(of: sum, as: SIMD4<Float>.self)
            t += 4
        }
        while t < count {
            dest[t] += source[t]
            t += 1
        }
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> Lanes {
        UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
    }

    @inline(__always)
    static func load(_ p: UnsafeMutablePointer<Float>) -> Lanes { load(UnsafePointer(p)) }

    @inline(__always)
    static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
    }
}
