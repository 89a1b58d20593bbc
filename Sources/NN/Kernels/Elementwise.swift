/// One-pass elementwise loops over the workers, for activations, masks and their gradients.
///
/// The scalar function comes as a small struct conforming to `Unary` or `Binary`, not a closure:
/// each use then specialises into a plain loop, where a closure would cost a call per element
/// (many times slower in release). The out-of-place forms write a fresh array directly (no zero
/// fill, no copy of the input); the in-place forms overwrite a tensor the caller owns. Each element
/// depends only on its own inputs, so the chunking never changes a result.
public enum Elementwise {
    public protocol Unary { func callAsFunction(_ x: Float) -> Float }
    public protocol Binary { func callAsFunction(_ a: Float, _ b: Float) -> Float }

    /// a · b.
    public struct Product: Binary {
        public init() {}
        @inline(__always) public func callAsFunction(_ a: Float, _ b: Float) -> Float { a * b }
    }

    /// Elements per worker below which dispatching costs more than it saves.
    public static let minimumChunk = 1 << 14

    /// y[i] = f(x[i]).
    public static func map<F: Unary>(_ x: Tensor, _ f: F) -> Tensor {
        let count = x.count
        let scalars = [Float](unsafeUninitializedCapacity: count) { y, initialized in
            if count > 0 {
                x.withUnsafeBufferPointer { xp in
                    let source = xp.baseAddress!, dest = y.baseAddress!
                    Parallel.forEachChunk(count, minimumChunk: minimumChunk) { range in
                        for i in range { dest[i] = f(source[i]) }
                    }
                }
            }
            initialized = count
        }
        return Tensor(shape: x.shape, scalars: scalars)
    }

    /// z[i] = f(a[i], b[i]) for equally shaped a and b.
    public static func map<F: Binary>(_ a: Tensor, _ b: Tensor, _ f: F) -> Tensor {
        requireShape(b.shape, a.shape, "Elementwise.map second operand")
        let count = a.count
        let scalars = [Float](unsafeUninitializedCapacity: count) { z, initialized in
            if count > 0 {
                a.withUnsafeBufferPointer { ap in
                    b.withUnsafeBufferPointer { bp in
                        let first = ap.baseAddress!, second = bp.baseAddress!, dest = z.baseAddress!
                        Parallel.forEachChunk(count, minimumChunk: minimumChunk) { range in
                            for i in range { dest[i] = f(first[i], second[i]) }
                        }
                    }
                }
            }
            initialized = count
        }
        return Tensor(shape: a.shape, scalars: scalars)
    }

    /// x[i] = f(x[i]), in place (copy-on-write copies first if x's storage is shared).
    public static func apply<F: Unary>(_ x: inout Tensor, _ f: F) {
        let count = x.count
        guard count > 0 else { return }
        x.withUnsafeMutableBufferPointer { xp in
            let values = xp.baseAddress!
            Parallel.forEachChunk(count, minimumChunk: minimumChunk) { range in
                for i in range { values[i] = f(values[i]) }
            }
        }
    }

    /// a[i] = f(a[i], b[i]), in place, for equally shaped a and b.
    public static func apply<F: Binary>(_ a: inout Tensor, with b: Tensor, _ f: F) {
        requireShape(b.shape, a.shape, "Elementwise.apply second operand")
        let count = a.count
        guard count > 0 else { return }
        b.withUnsafeBufferPointer { bp in
            a.withUnsafeMutableBufferPointer { ap in
                let values = ap.baseAddress!, other = bp.baseAddress!
                Parallel.forEachChunk(count, minimumChunk: minimumChunk) { range in
                    for i in range { values[i] = f(values[i], other[i]) }
                }
            }
        }
    }
}
