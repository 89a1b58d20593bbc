import NN

/// The structural similarity index, as scikit-image computes it with the settings of Wang et al.
/// (2004): `structural_similarity(a, b, data_range=1, channel_axis=..., gaussian_weights=True,
/// sigma=1.5, use_sample_covariance=False)`. An 11-tap Gaussian window, K1 0.01, K2 0.03, the
/// SSIM map averaged over the pixels at least the window's radius from every border, then over
/// the channels. Images are in [0, 1]; everything past the float32 pixels is float64.
public enum SSIM {
    public static let k1 = 0.01, k2 = 0.03
    public static let sigma = 1.5
    /// skimage's truncation of the Gaussian with gaussian_weights=True.
    public static let truncate = 3.5
    static let window = GaussianWindow(sigma: sigma, truncate: truncate)

    /// The smallest height and width SSIM accepts: the window's (11).
    public static var windowSize: Int { window.size }

    /// The mean SSIM of each pair of images in two batches [N, C, H, W].
    public static func mean(_ a: Tensor, _ b: Tensor) throws -> [Double] {
        guard a.shape == b.shape else { throw ImageQualityError.shapesDiffer(a.shape, b.shape) }
        guard a.rank == 4 else { throw ImageQualityError.unexpectedRank(shape: a.shape, expected: "a batch [N, C, H, W]") }
        let (n, channels, height, width) = (a.shape[0], a.shape[1], a.shape[2], a.shape[3])
        try checkSize(height: height, width: width)
        let plane = height * width
        return (0..<n).map { i in
            let means = (0..<channels).map { c in
                let start = (i * channels + c) * plane
                return channelMean(a.scalars[start..<(start + plane)], b.scalars[start..<(start + plane)],
                                   height: height, width: width)
            }
            return means.reduce(0, +) / Double(channels)
        }
    }

    /// The mean SSIM of two images [C, H, W], or grey [H, W].
    public static func mean(image a: Tensor, _ b: Tensor) throws -> Double {
        guard a.shape == b.shape else { throw ImageQualityError.shapesDiffer(a.shape, b.shape) }
        guard a.rank == 2 || a.rank == 3 else {
            throw ImageQualityError.unexpectedRank(shape: a.shape, expected: "an image [C, H, W] or [H, W]")
        }
        let batch = [1] + (a.rank == 2 ? [1] : []) + a.shape
        return try mean(a.reshaped(batch), b.reshaped(batch))[0]
    }

    private static func checkSize(height: Int, width: Int) throws {
        guard height >= windowSize, width >= windowSize else {
            throw ImageQualityError.imageSmallerThanWindow(height: height, width: width, window: windowSize)
        }
    }

    /// One channel's mean SSIM: skimage's formulas term by term, in the same order.
    static func channelMean(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>, height: Int, width: Int) -> Double {
        let x = a.map(Double.init), y = b.map(Double.init)
        let filter = { (plane: [Double]) in window.filterValid(plane, height: height, width: width) }
        let ux = filter(x), uy = filter(y)
        let uxx = filter(zip(x, x).map(*)), uyy = filter(zip(y, y).map(*)), uxy = filter(zip(x, y).map(*))
        let c1 = (k1 * 1) * (k1 * 1), c2 = (k2 * 1) * (k2 * 1)   // data range 1
        var sum = 0.0
        for p in ux.indices {
            let vx = uxx[p] - ux[p] * ux[p], vy = uyy[p] - uy[p] * uy[p], vxy = uxy[p] - ux[p] * uy[p]
            let a1 = 2 * ux[p] * uy[p] + c1, a2 = 2 * vxy + c2
            let b1 = ux[p] * ux[p] + uy[p] * uy[p] + c1, b2 = vx + vy + c2
            sum += (a1 * a2) / (b1 * b2)
        }
        return sum / Double(ux.count)
    }
}
