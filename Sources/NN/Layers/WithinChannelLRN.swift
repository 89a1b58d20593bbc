import Foundation

/// Caffe's LRN with `norm_region: WITHIN_CHANNEL`: each value is divided by the energy of its
/// size x size spatial neighbourhood in its own channel,
///
///     y = x · (1 + alpha · m)^-beta,   m = (1/size²) Σ x² over the window, zeros outside the image.
///
/// Caffe builds it from layers (lrn_layer.cpp: split, power 2, AVE pooling with kernel `size`,
/// stride 1 and pad (size-1)/2, power with scale alpha, shift 1 and power -beta, product), so k is
/// not used and alpha is divided by size², not size. With that pad and stride 1 every window ends
/// inside the padded input, so Caffe's average divisor is always size², also at the borders.
///
/// A training forward keeps the input; backward recomputes the scales from it.
public final class WithinChannelLRN: Layer {
    public let size: Int
    public let alpha: Float, beta: Float

    private var cachedInput: Tensor?

    public init(size: Int, alpha: Float = 1, beta: Float = 0.75) {
        precondition(size > 0 && size % 2 == 1, "WithinChannelLRN needs an odd size > 0, given \(size)")
        self.size = size
        self.alpha = alpha
        self.beta = beta
    }

    private func planes(_ shape: [Int]) -> (count: Int, height: Int, width: Int) {
        precondition(shape.count == 4, "WithinChannelLRN: expected input [N, C, H, W], found \(shape)")
        return (shape[0] * shape[1], shape[2], shape[3])
    }

    /// s = 1 + alpha/size² · Σ x² over each window, for one plane.
    private func scales(_ x: UnsafePointer<Float>, height: Int, width: Int, into s: UnsafeMutablePointer<Float>) {
        let half = (size - 1) / 2
        let coefficient = alpha / Float(size * size)
        for oy in 0..<height {
            for ox in 0..<width {
                var sum: Float = 0
                for iy in max(0, oy - half)..<min(height, oy + half + 1) {
                    for ix in max(0, ox - half)..<min(width, ox + half + 1) { sum += x[iy * width + ix] * x[iy * width + ix] }
                }
                s[oy * width + ox] = 1 + coefficient * sum
            }
        }
    }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        let (count, height, width) = planes(x.shape)
        if mode == .training { cachedInput = x }
        var y = Tensor(uninitializedShape: x.shape)
        let plane = height * width
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                Parallel.forEachChunk(count) { range in
                    var s = [Float](repeating: 0, count: plane)
                    for p in range {
                        let from = xp.baseAddress! + p * plane, to = yp.baseAddress! + p * plane
                        s.withUnsafeMutableBufferPointer { scales(from, height: height, width: width, into: $0.baseAddress!) }
                        for i in 0..<plane { to[i] = from[i] * powf(s[i], -beta) }
                    }
                }
            }
        }
        return y
    }

    /// dx_j = dy_j s_j^-β − (2αβ/size²) x_j Σ_{i: j in window(i)} dy_i x_i s_i^(-β-1); the windows
    /// are symmetric, so i runs over the window around j.
    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        let x = requireCached(cachedInput, "WithinChannelLRN")
        requireShape(dy.shape, x.shape, "WithinChannelLRN.backward dy")
        defer { cachedInput = nil }
        guard needsInputGradient else { return nil }
        let (count, height, width) = planes(x.shape)
        let plane = height * width, half = (size - 1) / 2
        let coefficient = 2 * alpha * beta / Float(size * size)
        var dx = Tensor(uninitializedShape: x.shape)
        x.withUnsafeBufferPointer { xp in
            dy.withUnsafeBufferPointer { dyp in
                dx.withUnsafeMutableBufferPointer { dxp in
                    Parallel.forEachChunk(count) { range in
                        var s = [Float](repeating: 0, count: plane)
                        var ratio = [Float](repeating: 0, count: plane)    // dy x s^(-β-1)
                        for p in range {
                            let xs = xp.baseAddress! + p * plane, dys = dyp.baseAddress! + p * plane
                            let dxs = dxp.baseAddress! + p * plane
                            s.withUnsafeMutableBufferPointer { scales(xs, height: height, width: width, into: $0.baseAddress!) }
                            for i in 0..<plane { ratio[i] = dys[i] * xs[i] * powf(s[i], -beta - 1) }
                            for jy in 0..<height {
                                for jx in 0..<width {
                                    var sum: Float = 0
                                    for iy in max(0, jy - half)..<min(height, jy + half + 1) {
                                        for ix in max(0, jx - half)..<min(width, jx + half + 1) { sum += ratio[iy * width + ix] }
                                    }
                                    let j = jy * width + jx
                                    dxs[j] = dys[j] * powf(s[j], -beta) - coefficient * xs[j] * sum
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx
    }
}
