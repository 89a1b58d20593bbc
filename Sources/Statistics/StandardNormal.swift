import Foundation

/// Uniform and standard normal draws defined exactly in terms of a generator's 64-bit words, so
/// that a reference in another language reproduces them bit for bit (Swift's own
/// `Double.random(in:using:)` does not promise its algorithm).
public enum StandardNormal {
    /// A uniform in [0, 1): the top 53 bits of one word.
    public static func uniform<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }

    /// One N(0, 1) draw by Box–Muller from two words: √(−2 ln(1 − u1)) · cos(2π u2). The sine
    /// half is thrown away so that every draw costs exactly two words.
    public static func draw<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        let u1 = uniform(using: &generator), u2 = uniform(using: &generator)
        return (-2 * log(1 - u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
