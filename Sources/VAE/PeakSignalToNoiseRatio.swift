import Foundation
import NN

/// Peak signal-to-noise ratio of images in [0, 1], per image, in dB.
public func peakSignalToNoiseRatio(_ a: Tensor, _ b: Tensor) -> [Double] {
    precondition(a.shape == b.shape, "PSNR: shapes \(a.shape) and \(b.shape) differ")
    let n = a.shape[0], per = a.count / max(1, n)
    return (0..<n).map { i in
        var sum = 0.0
        for j in (i * per)..<((i + 1) * per) { let d = Double(a[flat: j] - b[flat: j]); sum += d * d }
        let mse = sum / Double(per)
        return mse > 0 ? 10 * log10(1 / mse) : 99
    }
}
