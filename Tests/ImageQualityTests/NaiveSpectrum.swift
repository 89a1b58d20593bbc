import Foundation
import NN

/// The lattice fraction the slow, obvious way: the whole 2-D DFT of each channel minus its mean,
/// straight from the definition in float64, and the lattice and corner tested per frequency.
enum NaiveSpectrum {
    /// Whether (u, v) of an S x S spectrum counts: on a line u or v ≡ 0 (mod S/4), and not with
    /// both wrapped |u| and |v| below S/8.
    static func counts(_ u: Int, _ v: Int, size s: Int) -> Bool {
        let wu = Double(u <= s / 2 ? u : u - s), wv = Double(v <= s / 2 ? v : v - s)
        let corner = abs(wu) < Double(s) / 8 && abs(wv) < Double(s) / 8
        return (u % (s / 4) == 0 || v % (s / 4) == 0) && !corner
    }

    /// The fraction of an image [C, S, S]: lattice power over all power, summed over channels.
    static func latticeFraction(_ image: Tensor) -> Double {
        let (channels, s) = (image.shape[0], image.shape[1])
        var lattice = 0.0, total = 0.0
        for c in 0..<channels {
            let values = image.scalars[(c * s * s)..<((c + 1) * s * s)].map(Double.init)
            let mean = values.reduce(0, +) / Double(values.count)
            for u in 0..<s {
                for v in 0..<s {
                    var re = 0.0, im = 0.0
                    for i in 0..<s {
                        for j in 0..<s {
                            let angle = -2 * Double.pi * Double(u * i + v * j) / Double(s)
                            re += (values[i * s + j] - mean) * cos(angle)
                            im += (values[i * s + j] - mean) * sin(angle)
                        }
                    }
                    total += re * re + im * im
                    if counts(u, v, size: s) { lattice += re * re + im * im }
                }
            }
        }
        return lattice / total
    }
}
