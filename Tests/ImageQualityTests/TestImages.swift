import NN

/// The integer patterns of golden_values.py, written out the same way, so that the tests see the
/// very pixels skimage and numpy saw: levels 0...255 divided by 255 in float32.
enum TestImages {
    enum Kind { case noise, smooth }

    /// A 32-bit integer hash (multiply, xor-shift), the same as `hash32` in golden_values.py.
    static func hash(seed: Int, _ k: Int) -> UInt32 {
        var x = UInt32(truncatingIfNeeded: k + 1) &* 0x9E37_79B1 &+ UInt32(truncatingIfNeeded: seed) &* 0x85EB_CA77
        x ^= x >> 15
        x = x &* 0x2C1B_3C6D
        x ^= x >> 12
        x = x &* 0x297A_2D39
        x ^= x >> 15
        return x
    }

    /// Levels of shape [channels, height, width]: hashed noise, or ramps that wrap at 256.
    static func levels(_ kind: Kind, seed: Int, channels: Int, height: Int, width: Int) -> [Int] {
        var out = [Int](repeating: 0, count: channels * height * width)
        for c in 0..<channels {
            for y in 0..<height {
                for x in 0..<width {
                    let k = (c * height + y) * width + x
                    switch kind {
                    case .noise: out[k] = Int(hash(seed: seed, k) & 255)
                    case .smooth: out[k] = (x * 7 + y * 3 + c * 40 + (x * y) / 5 + seed) % 256
                    }
                }
            }
        }
        return out
    }

    /// `levels` plus hashed noise in -amplitude...amplitude, clamped to 0...255.
    static func perturbed(_ levels: [Int], seed: Int, amplitude: Int) -> [Int] {
        levels.enumerated().map { k, level in
            min(255, max(0, level + Int(hash(seed: seed, k) % UInt32(2 * amplitude + 1)) - amplitude))
        }
    }

    static func tensor(_ levels: [Int], shape: [Int]) -> Tensor {
        Tensor(shape: shape, scalars: levels.map { Float($0) / 255 })
    }

    /// The pair of golden_values.py's SSIM_CASES: b perturbed from a, or independent noise (amplitude 0).
    static func pair(_ kind: Kind, seed: Int, channels: Int, height: Int, width: Int, amplitude: Int) -> (Tensor, Tensor) {
        let a = levels(kind, seed: seed, channels: channels, height: height, width: width)
        let b = amplitude > 0 ? perturbed(a, seed: seed + 100, amplitude: amplitude)
            : levels(.noise, seed: seed + 1, channels: channels, height: height, width: width)
        let shape = [channels, height, width]
        return (tensor(a, shape: shape), tensor(b, shape: shape))
    }
}
