import ImageQuality
import NN
import Testing

@Suite struct PeriodicArtifactRatioTests {
    /// numpy 2.4.6's `np.fft.fft2` of each channel minus its mean, |X|^2 summed over channels,
    /// masked as `lattice_fraction` in golden_values.py (SPECTRUM_CASES, in this order):
    /// the perturbed image's fraction, the original's, and their ratio.
    static let goldens: [(kind: TestImages.Kind, seed: Int, channels: Int, size: Int, amplitude: Int,
                          fraction: Double, original: Double, ratio: Double)] = [
        (.noise, 21, 1, 8, 0, 0.657764197310903, 0.657764197310903, 1),
        (.smooth, 22, 3, 16, 0, 0.2461837997695969, 0.2461837997695969, 1),
        (.noise, 23, 3, 32, 30, 0.22544306328448502, 0.22661291024388674, 0.9948376861753255),
        (.smooth, 24, 1, 64, 40, 0.027830421844751402, 0.02189659406037176, 1.2709931858817543),
        (.smooth, 25, 3, 128, 20, 0.02177216346269635, 0.021142829778374197, 1.0297658208914808),
        (.noise, 26, 3, 24, 10, 0.29821112279129736, 0.29606484305959013, 1.0072493569635865),
    ]

    static func image(_ kind: TestImages.Kind, seed: Int, channels: Int, size: Int, amplitude: Int = 0) -> Tensor {
        let levels = TestImages.levels(kind, seed: seed, channels: channels, height: size, width: size)
        return TestImages.tensor(amplitude > 0 ? TestImages.perturbed(levels, seed: seed + 100, amplitude: amplitude) : levels,
                                 shape: [channels, size, size])
    }

    @Test(arguments: goldens.indices) func matchesNumPy(case index: Int) throws {
        let g = Self.goldens[index]
        let original = Self.image(g.kind, seed: g.seed, channels: g.channels, size: g.size)
        let perturbed = Self.image(g.kind, seed: g.seed, channels: g.channels, size: g.size, amplitude: g.amplitude)
        #expect(abs(try PeriodicArtifactRatio.latticeFraction(perturbed) - g.fraction) < 1e-10)
        #expect(abs(try PeriodicArtifactRatio.latticeFraction(original) - g.original) < 1e-10)
        let batch = [1, g.channels, g.size, g.size]
        let ratio = try PeriodicArtifactRatio.ratio(reconstructions: perturbed.reshaped(batch), originals: original.reshaped(batch))
        #expect(abs(ratio - g.ratio) < 1e-9, "case \(index): \(ratio), numpy \(g.ratio)")
    }

    /// golden_values.py's three noise pairs of 32x32 (seeds 31, 32, 33): numpy's ratios
    /// 1.0140781774017245, 0.9932400956368254, 0.9958680766217098, median the last.
    @Test func medianOverABatchMatchesNumPy() throws {
        let seeds = [31, 32, 33]
        let originals = Tensor(stacking: seeds.map { Self.image(.noise, seed: $0, channels: 3, size: 32) })
        let reconstructions = Tensor(stacking: seeds.map { Self.image(.noise, seed: $0, channels: 3, size: 32, amplitude: 40) })
        let ratios = try PeriodicArtifactRatio.ratios(reconstructions: reconstructions, originals: originals)
        for (ratio, numpy) in zip(ratios, [1.0140781774017245, 0.9932400956368254, 0.9958680766217098]) {
            #expect(abs(ratio - numpy) < 1e-9)
        }
        #expect(abs(try PeriodicArtifactRatio.ratio(reconstructions: reconstructions, originals: originals)
                    - 0.9958680766217098) < 1e-9)
    }

    /// The lattice lines alone against the whole 2-D DFT from its definition, at sizes with and
    /// without a power of two.
    @Test(arguments: [(8, 1), (16, 3), (24, 1), (32, 3), (40, 1)]) func matchesTheWholeDFT(size: Int, channels: Int) throws {
        for kind in [TestImages.Kind.noise, .smooth] {
            let image = Self.image(kind, seed: size + channels, channels: channels, size: size, amplitude: 20)
            #expect(abs(try PeriodicArtifactRatio.latticeFraction(image) - NaiveSpectrum.latticeFraction(image)) < 1e-11)
        }
    }

    /// A dot every 4 pixels has all its power on the lattice's 16 points, none in the corner.
    @Test func dotGridWithPeriodFourIsAllLattice() throws {
        for size in [16, 32, 64] {
            let levels = (0..<(size * size)).map { ($0 / size) % 4 == 0 && ($0 % size) % 4 == 0 ? 255 : 30 }
            let fraction = try PeriodicArtifactRatio.latticeFraction(TestImages.tensor(levels, shape: [size, size]))
            #expect(abs(fraction - 1) < 1e-12, "\(size): \(fraction)")
        }
    }

    /// White noise spreads its power evenly: the fraction is near the lattice's share of the
    /// non-zero frequencies, (7.5 S - 13) / (S^2 - 1): 4 rows and 4 columns (8S - 16 points), less
    /// the S/2 - 3 of them in the low corner.
    @Test func whiteNoiseGivesTheLatticeShare() throws {
        for size in [32, 64] {
            let share = (0..<size).reduce(0.0) { sum, u in
                sum + Double((0..<size).filter { NaiveSpectrum.counts(u, $0, size: size) }.count)
            }
            #expect(share == 7.5 * Double(size) - 13)
            let fraction = try PeriodicArtifactRatio.latticeFraction(Self.image(.noise, seed: 40 + size, channels: 3, size: size))
            let expected = share / Double(size * size - 1)
            #expect(abs(fraction / expected - 1) < 0.1, "\(size): \(fraction), share \(expected)")
        }
    }

    @Test func imageAgainstItselfIsOne() throws {
        let images = Tensor(stacking: [Self.image(.smooth, seed: 1, channels: 3, size: 32), Self.image(.noise, seed: 2, channels: 3, size: 32)])
        #expect(try PeriodicArtifactRatio.ratios(reconstructions: images, originals: images) == [1, 1])
    }

    /// A flat original has no fraction to compare with: its pair is NaN and left out of the median.
    @Test func flatImages() throws {
        let flat = Tensor(repeating: 0.3, shape: [3, 16, 16]), busy = Self.image(.noise, seed: 5, channels: 3, size: 16)
        #expect(try PeriodicArtifactRatio.latticeFraction(flat) == 0)
        let ratios = try PeriodicArtifactRatio.ratios(reconstructions: Tensor(stacking: [busy, flat, busy]),
                                                      originals: Tensor(stacking: [flat, busy, busy]))
        #expect(ratios[0].isNaN && ratios[1] == 0 && ratios[2] == 1)
        #expect(PeriodicArtifactRatio.median(ratios) == 0.5)
        #expect(PeriodicArtifactRatio.median([.nan]).isNaN && PeriodicArtifactRatio.median([3, 1, 2]) == 2)
    }

    @Test func badShapesAreClearErrors() throws {
        #expect(throws: ImageQualityError.unsupportedSpectrumSize(height: 20, width: 20)) {
            try PeriodicArtifactRatio.latticeFraction(Tensor(zeros: [3, 20, 20]))
        }
        #expect(throws: ImageQualityError.unsupportedSpectrumSize(height: 16, width: 32)) {
            try PeriodicArtifactRatio.latticeFraction(Tensor(zeros: [16, 32]))
        }
        #expect(throws: ImageQualityError.shapesDiffer([1, 3, 16, 16], [2, 3, 16, 16])) {
            try PeriodicArtifactRatio.ratios(reconstructions: Tensor(zeros: [1, 3, 16, 16]), originals: Tensor(zeros: [2, 3, 16, 16]))
        }
        #expect(throws: ImageQualityError.self) { try PeriodicArtifactRatio.latticeFractions(Tensor(zeros: [3, 16, 16])) }
    }
}
