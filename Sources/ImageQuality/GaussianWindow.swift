import Foundation

/// The Gaussian that scikit-image's SSIM filters with: scipy.ndimage's kernel, radius
/// `Int(truncate * sigma + 0.5)` (5 at sigma 1.5 and truncate 3.5: 11 taps), weights
/// `exp(-x^2 / (2 sigma^2))` normalised to sum 1.
///
/// It filters only where the whole window lies inside the image ("valid"). skimage filters the
/// whole image with mode 'reflect' and then crops the window's radius from every border before
/// averaging; the pixels it keeps are exactly those whose window never reaches the reflected
/// border, so their values, and the mean, are the same. Computing them alone saves the padding.
struct GaussianWindow {
    let radius: Int
    let weights: [Double]

    init(sigma: Double, truncate: Double) {
        radius = Int(truncate * sigma + 0.5)
        let raw = (-radius...radius).map { exp(-0.5 / (sigma * sigma) * Double($0 * $0)) }
        let sum = raw.reduce(0, +)
        weights = raw.map { $0 / sum }
    }

    /// Taps of the window along one axis.
    var size: Int { 2 * radius + 1 }

    /// The valid part of `plane` (height x width, row-major) filtered: (height - 2r) x (width - 2r).
    /// Along the rows' axis first, then along the columns', as scipy's gaussian_filter runs its axes.
    func filterValid(_ plane: [Double], height: Int, width: Int) -> [Double] {
        let outHeight = height - 2 * radius, outWidth = width - 2 * radius
        var vertical = [Double](repeating: 0, count: outHeight * width)
        for y in 0..<outHeight {
            for (k, weight) in weights.enumerated() {
                let source = (y + k) * width, target = y * width
                for x in 0..<width { vertical[target + x] += weight * plane[source + x] }
            }
        }
        var result = [Double](repeating: 0, count: outHeight * outWidth)
        for y in 0..<outHeight {
            let row = y * width, target = y * outWidth
            for x in 0..<outWidth {
                var sum = 0.0
                for (k, weight) in weights.enumerated() { sum += weight * vertical[row + x + k] }
                result[target + x] = sum
            }
        }
        return result
    }
}
