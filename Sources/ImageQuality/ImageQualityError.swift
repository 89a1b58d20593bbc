import NN

/// Input the quality measures cannot compare, described so that the caller sees which.
public enum ImageQualityError: Error, Equatable, CustomStringConvertible {
    /// The two images or batches differ in shape.
    case shapesDiffer([Int], [Int])
    /// Not an image ([H, W] or [C, H, W]) or a batch ([N, C, H, W]) as the function expects.
    case unexpectedRank(shape: [Int], expected: String)
    /// SSIM's 11-tap Gaussian window does not fit: skimage refuses such images too.
    case imageSmallerThanWindow(height: Int, width: Int, window: Int)
    /// The periodic-artifact ratio needs a square image whose side divides by 8 (S/4 and S/8).
    case unsupportedSpectrumSize(height: Int, width: Int)

    public var description: String {
        switch self {
        case .shapesDiffer(let a, let b):
            return "images of shapes \(a) and \(b) cannot be compared"
        case .unexpectedRank(let shape, let expected):
            return "shape \(shape) is not \(expected)"
        case .imageSmallerThanWindow(let height, let width, let window):
            return "SSIM needs images of at least \(window)x\(window) pixels (its Gaussian window), found \(height)x\(width)"
        case .unsupportedSpectrumSize(let height, let width):
            return "the periodic-artifact ratio needs a square image whose side is a multiple of 8, found \(height)x\(width)"
        }
    }
}
