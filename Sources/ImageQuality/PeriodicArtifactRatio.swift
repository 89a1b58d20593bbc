import NN

/// How much more of a reconstruction's power than its original's lies on the frequencies of a
/// pattern repeating every 4 pixels: the checkerboard that strided transposed convolutions leave.
///
/// For an S x S image: the power spectrum of the image minus its mean (each channel minus its
/// own mean, the power summed over the channels); the power on the lines u ≡ 0 or v ≡ 0 (mod S/4),
/// leaving out the low frequencies where both |u| < S/8 and |v| < S/8 (u, v wrapped into
/// (-S/2, S/2]), over the total power, is the image's lattice fraction. The lines through the
/// origin carry an ordinary image's low-frequency power, which is why the corner is left out.
/// The ratio of a pair is the reconstruction's fraction over its original's; a run reports the
/// median over the validation pairs. About 1: no more periodic structure than the data has.
public enum PeriodicArtifactRatio {
    /// The lattice fraction of one image [C, S, S] or grey [S, S]; 0 for an image without
    /// power (constant). S must be a multiple of 8.
    public static func latticeFraction(_ image: Tensor) throws -> Double {
        guard image.rank == 2 || image.rank == 3 else {
            throw ImageQualityError.unexpectedRank(shape: image.shape, expected: "an image [C, S, S] or [S, S]")
        }
        return try latticeFractions(image.reshaped([1] + (image.rank == 2 ? [1] : []) + image.shape))[0]
    }

    /// The lattice fraction of each image of a batch [N, C, S, S].
    public static func latticeFractions(_ images: Tensor) throws -> [Double] {
        guard images.rank == 4 else {
            throw ImageQualityError.unexpectedRank(shape: images.shape, expected: "a batch [N, C, S, S]")
        }
        let (n, channels, height, width) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3])
        guard height == width, height > 0, height % 8 == 0 else {
            throw ImageQualityError.unsupportedSpectrumSize(height: height, width: width)
        }
        let spectrum = LatticeSpectrum(size: height), plane = height * width
        return (0..<n).map { i in
            var lattice = 0.0, total = 0.0
            for c in 0..<channels {
                let start = (i * channels + c) * plane
                let power = spectrum.power(of: images.scalars[start..<(start + plane)])
                lattice += power.lattice
                total += power.total
            }
            return total > 0 ? lattice / total : 0
        }
    }

    /// Each pair's ratio, reconstruction's fraction over original's, of batches [N, C, S, S]; NaN
    /// where the original has no lattice power (a flat image), since no ratio says anything there.
    public static func ratios(reconstructions: Tensor, originals: Tensor) throws -> [Double] {
        guard reconstructions.shape == originals.shape else {
            throw ImageQualityError.shapesDiffer(reconstructions.shape, originals.shape)
        }
        let made = try latticeFractions(reconstructions), given = try latticeFractions(originals)
        return zip(made, given).map { $1 > 0 ? $0 / $1 : .nan }
    }

    /// The median of the ratios that are not NaN (the mean of the middle two for an even count);
    /// NaN if none is.
    public static func median(_ ratios: [Double]) -> Double {
        let sorted = ratios.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The periodic-artifact ratio of two batches: the median of the pairs' ratios.
    public static func ratio(reconstructions: Tensor, originals: Tensor) throws -> Double {
        median(try ratios(reconstructions: reconstructions, originals: originals))
    }
}
