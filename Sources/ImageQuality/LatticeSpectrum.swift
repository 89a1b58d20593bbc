import Foundation

/// The power of an S x S channel on the periodic-artifact lattice, and its total power, from the
/// unnormalised 2-D DFT of the channel minus its mean, in float64.
///
/// Only the lattice's 4 rows (u = 0, S/4, S/2, 3S/4) and 4 columns (v likewise) of the DFT are
/// computed, each as one 1-D transform along the other axis followed by a full 1-D DFT: 16 S^2
/// complex products rather than a whole 2-D transform. The total comes from Parseval's theorem:
/// the sum of |X|^2 over all frequencies is S^2 times the sum of squares.
struct LatticeSpectrum {
    let size: Int
    private let cosines: [Double], sines: [Double]

    init(size: Int) {
        self.size = size
        // e^{-2 pi i k / S} for k = 0..<S, indexed by (u * i) mod S, so no angle grows large.
        cosines = (0..<size).map { cos(2 * Double.pi * Double($0) / Double(size)) }
        sines = (0..<size).map { -sin(2 * Double.pi * Double($0) / Double(size)) }
    }

    /// The lattice's lines: u or v a multiple of S/4.
    var lines: [Int] { (0..<4).map { $0 * size / 4 } }

    /// Whether (u, v) is one of the left-out low frequencies: |u| and |v| (wrapped into
    /// (-S/2, S/2]) both below S/8.
    func isLowCorner(_ u: Int, _ v: Int) -> Bool {
        let wrappedU = min(u, size - u), wrappedV = min(v, size - v)
        return 8 * wrappedU < size && 8 * wrappedV < size
    }

    func isOnLattice(_ u: Int, _ v: Int) -> Bool {
        (u % (size / 4) == 0 || v % (size / 4) == 0) && !isLowCorner(u, v)
    }

    /// (lattice power, total power) of one channel, row-major S x S. A constant channel has
    /// neither (exact zeros, not rounding noise from subtracting its mean).
    func power(of channel: ArraySlice<Float>) -> (lattice: Double, total: Double) {
        let s = size
        let values = channel.map(Double.init)
        guard let first = values.first, values.contains(where: { $0 != first }) else { return (0, 0) }
        let mean = values.reduce(0, +) / Double(values.count)
        let d = values.map { $0 - mean }
        let total = Double(s * s) * d.reduce(0) { $0 + $1 * $1 }

        var lattice = 0.0
        for line in lines {
            // Row u = line: transform the columns at frequency u, then the row over v.
            var re = [Double](repeating: 0, count: s), im = [Double](repeating: 0, count: s)
            for i in 0..<s {
                let (c, n) = (cosines[line * i % s], sines[line * i % s])
                for j in 0..<s { re[j] += d[i * s + j] * c; im[j] += d[i * s + j] * n }
            }
            lattice += lineSum(re, im) { v in isOnLattice(line, v) }
            // Column v = line: transform the rows at frequency v, then the column over u; the
            // lattice's rows were counted above.
            re = [Double](repeating: 0, count: s); im = [Double](repeating: 0, count: s)
            for i in 0..<s {
                var (r, m) = (0.0, 0.0)
                for j in 0..<s { r += d[i * s + j] * cosines[line * j % s]; m += d[i * s + j] * sines[line * j % s] }
                re[i] = r; im[i] = m
            }
            lattice += lineSum(re, im) { u in u % (s / 4) != 0 && isOnLattice(u, line) }
        }
        return (lattice, total)
    }

    /// The sum of |X_k|^2 over the frequencies k that `counts`, X the DFT of (re, im).
    private func lineSum(_ re: [Double], _ im: [Double], counts: (Int) -> Bool) -> Double {
        let s = size
        var sum = 0.0
        for k in 0..<s where counts(k) {
            var (r, m) = (0.0, 0.0)
            for j in 0..<s {
                let (c, n) = (cosines[k * j % s], sines[k * j % s])
                r += re[j] * c - im[j] * n
                m += re[j] * n + im[j] * c
            }
            sum += r * r + m * m
        }
        return sum
    }
}
