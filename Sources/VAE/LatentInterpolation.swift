import Foundation

/// How to walk from one latent code to another.
///
/// Under a Gaussian prior most mass lies near the sphere of radius √d, and the midpoint of a
/// straight line between two codes lies well inside it (for orthogonal codes of equal length,
/// at 1/√2 of their length), which decoders often render washed out. The spherical path
/// (slerp, Shoemake 1985; White 2016 for generative models) keeps the length.
public enum LatentInterpolation: String, Sendable, CaseIterable {
    case linear, spherical

    /// The point at `fraction` (0 gives `a`, 1 gives `b`) on the path from `a` to `b`.
    public func point(from a: [Float], to b: [Float], fraction t: Double) -> [Float] {
        precondition(a.count == b.count, "interpolating between codes of \(a.count) and \(b.count) dimensions")
        let (wa, wb) = weights(a, b, t)
        return zip(a, b).map { Float(wa * Double($0) + wb * Double($1)) }
    }

    /// The weights of `a` and `b` at `t`, computed in Double so the ends come out exact.
    private func weights(_ a: [Float], _ b: [Float], _ t: Double) -> (Double, Double) {
        if self == .spherical {
            var dot = 0.0, aa = 0.0, bb = 0.0
            for (x, y) in zip(a, b) {
                dot += Double(x) * Double(y)
                aa += Double(x) * Double(x)
                bb += Double(y) * Double(y)
            }
            let cosine = aa > 0 && bb > 0 ? min(1, max(-1, dot / (aa * bb).squareRoot())) : 1
            let angle = acos(cosine)
            // Nearly parallel codes: sin(angle) → 0 and the straight line is the same path.
            if sin(angle) > 1e-6 {
                return (sin((1 - t) * angle) / sin(angle), sin(t * angle) / sin(angle))
            }
        }
        return (1 - t, t)
    }
}
