import Foundation
import NN

/// Caffe's cross-channel LRN by the definition, in Double (the reference for LocalResponseNorm):
/// every window sum is recomputed from scratch, and the window of channel c is
/// c - (size-1)/2 ... c + size/2, clipped. Input [N, C, ...].
public func naiveLocalResponseNorm(_ x: Tensor, size: Int, alpha: Float, beta: Float, k: Float) -> Tensor {
    let (y, _) = naiveLRNParts(x, size: size, alpha: alpha, k: k, beta: beta)
    return Tensor(shape: x.shape, scalars: y.map { Float($0) })
}

/// Caffe's LRN backward by the definition, in Double: each output y[c'] depends on x[c] for
/// every c in the window of c', through
///     ∂y[c']/∂x[c] = [c = c'] · scale[c']^-beta - (2·alpha·beta/size) · x[c] · y[c'] / scale[c'].
public func naiveLocalResponseNormBackward(_ x: Tensor, dy: Tensor, size: Int, alpha: Float, beta: Float,
                                           k: Float) -> Tensor {
    let (y, scale) = naiveLRNParts(x, size: size, alpha: alpha, k: k, beta: beta)
    let (n, c) = (x.shape[0], x.shape[1])
    let plane = x.count / max(1, n * c)
    let coefficient = 2 * Double(alpha) * Double(beta) / Double(size)
    var dx = [Double](repeating: 0, count: x.count)
    for image in 0..<n {
        for p in 0..<plane {
            let at = { (channel: Int) in (image * c + channel) * plane + p }
            for outputChannel in 0..<c {
                let o = at(outputChannel)
                let g = Double(dy[flat: o])
                dx[o] += g * pow(scale[o], -Double(beta))
                let low = max(0, outputChannel - (size - 1) / 2), high = min(c - 1, outputChannel + size / 2)
                for inputChannel in low...high {
                    let i = at(inputChannel)
                    dx[i] -= coefficient * Double(x[flat: i]) * g * y[o] / scale[o]
                }
            }
        }
    }
    return Tensor(shape: x.shape, scalars: dx.map { Float($0) })
}

private func naiveLRNParts(_ x: Tensor, size: Int, alpha: Float, k: Float, beta: Float)
    -> (y: [Double], scale: [Double]) {
    let (n, c) = (x.shape[0], x.shape[1])
    let plane = x.count / max(1, n * c)
    var y = [Double](repeating: 0, count: x.count), scale = y
    for image in 0..<n {
        for channel in 0..<c {
            for p in 0..<plane {
                var sum = 0.0
                for other in max(0, channel - (size - 1) / 2)...min(c - 1, channel + size / 2) {
                    let v = Double(x[flat: (image * c + other) * plane + p])
                    sum += v * v
                }
                let i = (image * c + channel) * plane + p
                scale[i] = Double(k) + Double(alpha) / Double(size) * sum
                y[i] = Double(x[flat: i]) * pow(scale[i], -Double(beta))
            }
        }
    }
    return (y, scale)
}
