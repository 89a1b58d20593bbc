/// How close the test images' reconstructions (decoded posterior means) are to the images.
public struct ReconstructionQuality: Codable, Equatable {
    /// Mean SSIM (scikit-image's: Gaussian window 11, σ 1.5, data range 1, averaged over the
    /// channels); 1 is identical.
    public var ssimMean: Double
    /// Mean PSNR in dB (99 for an exact copy, as `peakSignalToNoiseRatio` caps it).
    public var psnrMean: Double
    /// Mean LPIPS v0.1 (alex); 0 is identical.
    public var lpipsMean: Double
    /// Median over the pairs of the periodic-artifact ratio (ImageQuality): the reconstruction's
    /// spectral energy at the decoder's checkerboard frequencies relative to the original's.
    public var periodicArtifactRatioMedian: Double

    public init(ssimMean: Double, psnrMean: Double, lpipsMean: Double, periodicArtifactRatioMedian: Double) {
        self.ssimMean = ssimMean
        self.psnrMean = psnrMean
        self.lpipsMean = lpipsMean
        self.periodicArtifactRatioMedian = periodicArtifactRatioMedian
    }
}
