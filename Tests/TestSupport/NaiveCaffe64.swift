import Foundation

/// Caffe's layers in float64, straight from the formulas in Caffe's layer sources (conv_layer,
/// inner_product_layer, relu_layer, prelu_layer, pooling_layer, lrn_layer), with no code shared
/// with the kernels they check. Activations are [N, C, H, W] in `Blob64`.
///
/// WITHIN_CHANNEL LRN is built as Caffe builds it, from the other layers: square, AVE pooling with
/// pad (size−1)/2, power (1 + alpha · m)^-beta, product; so its divisor is whatever Caffe's AVE
/// pooling divides by.
public struct Blob64: Sendable {
    public var shape: [Int]
    public var values: [Double]

    public init(shape: [Int], values: [Double]) {
        precondition(shape.reduce(1, *) == values.count, "Blob64: shape \(shape) for \(values.count) values")
        self.shape = shape
        self.values = values
    }

    public var n: Int { shape[0] }
    public var c: Int { shape[1] }
    public var h: Int { shape.count > 2 ? shape[2] : 1 }
    public var w: Int { shape.count > 3 ? shape[3] : 1 }

    func at(_ b: Int, _ ch: Int, _ y: Int, _ x: Int) -> Double { values[((b * c + ch) * h + y) * w + x] }
}

public enum NaiveCaffe64 {
    public static func convolution(_ x: Blob64, weight: [Double], outputs: Int, kernel: (Int, Int), stride: (Int, Int),
                                   padding: (Int, Int), dilation: (Int, Int), groups: Int, bias: [Double]?) -> Blob64 {
        let perGroup = x.c / groups, outPerGroup = outputs / groups
        let extentH = (kernel.0 - 1) * dilation.0 + 1, extentW = (kernel.1 - 1) * dilation.1 + 1
        let outH = (x.h + 2 * padding.0 - extentH) / stride.0 + 1, outW = (x.w + 2 * padding.1 - extentW) / stride.1 + 1
        var y = [Double](repeating: 0, count: x.n * outputs * outH * outW)
        for b in 0..<x.n { for o in 0..<outputs { for oy in 0..<outH { for ox in 0..<outW {
            var sum = bias?[o] ?? 0
            for ci in 0..<perGroup { for i in 0..<kernel.0 { for j in 0..<kernel.1 {
                let iy = oy * stride.0 - padding.0 + i * dilation.0, ix = ox * stride.1 - padding.1 + j * dilation.1
                guard iy >= 0, iy < x.h, ix >= 0, ix < x.w else { continue }
                sum += weight[((o * perGroup + ci) * kernel.0 + i) * kernel.1 + j] * x.at(b, (o / outPerGroup) * perGroup + ci, iy, ix)
            } } }
            y[((b * outputs + o) * outH + oy) * outW + ox] = sum
        } } } }
        return Blob64(shape: [x.n, outputs, outH, outW], values: y)
    }

    /// y = W x + b over everything after the batch axis; W [outputs, inputs].
    public static func innerProduct(_ x: Blob64, weight: [Double], outputs: Int, bias: [Double]?) -> Blob64 {
        let inputs = x.values.count / x.n
        var y = [Double](repeating: 0, count: x.n * outputs)
        for b in 0..<x.n { for o in 0..<outputs {
            var sum = bias?[o] ?? 0
            for i in 0..<inputs { sum += weight[o * inputs + i] * x.values[b * inputs + i] }
            y[b * outputs + o] = sum
        } }
        return Blob64(shape: [x.n, outputs, 1, 1], values: y)
    }

    /// max(x, 0) + slope[c] · min(x, 0); one slope for all channels if `slopes` has one.
    public static func rectify(_ x: Blob64, slopes: [Double]) -> Blob64 {
        let plane = x.h * x.w
        var y = x
        for i in y.values.indices where y.values[i] < 0 {
            y.values[i] *= slopes.count == 1 ? slopes[0] : slopes[(i / plane) % x.c]
        }
        return y
    }

    /// y = a[c] · x + b[c].
    public static func channelAffine(_ x: Blob64, scale a: [Double], shift b: [Double]) -> Blob64 {
        let plane = x.h * x.w
        var y = x
        for i in y.values.indices { let ch = (i / plane) % x.c; y.values[i] = a[ch] * y.values[i] + b[ch] }
        return y
    }

    /// PoolingLayer::Reshape's output size.
    static func pooledSize(_ size: Int, kernel: Int, stride: Int, pad: Int, ceil rounding: Bool) -> Int {
        let span = Double(size + 2 * pad - kernel) / Double(stride)
        var pooled = Int(rounding ? span.rounded(.up) : span.rounded(.down)) + 1
        if pad > 0 && (pooled - 1) * stride >= size + pad { pooled -= 1 }
        return pooled
    }

    public enum PoolMethod: Sendable { case max, average }

    /// Caffe's Forward_cpu for MAX and AVE: MAX over the window clipped to the input; AVE sums
    /// over the window clipped to the input but divides by the window clipped to the padded input.
    public static func pool(_ x: Blob64, method: PoolMethod, kernel: Int, stride: Int, pad: Int, ceil: Bool = true) -> Blob64 {
        let outH = pooledSize(x.h, kernel: kernel, stride: stride, pad: pad, ceil: ceil)
        let outW = pooledSize(x.w, kernel: kernel, stride: stride, pad: pad, ceil: ceil)
        var y = [Double](repeating: 0, count: x.n * x.c * outH * outW)
        for b in 0..<x.n { for ch in 0..<x.c { for ph in 0..<outH { for pw in 0..<outW {
            var hstart = ph * stride - pad, wstart = pw * stride - pad
            var hend = min(hstart + kernel, x.h + pad), wend = min(wstart + kernel, x.w + pad)
            let poolSize = Double((hend - hstart) * (wend - wstart))
            hstart = max(hstart, 0); wstart = max(wstart, 0)
            hend = min(hend, x.h); wend = min(wend, x.w)
            var result = method == .max ? -Double.infinity : 0
            for iy in hstart..<hend { for ix in wstart..<wend {
                let v = x.at(b, ch, iy, ix)
                result = method == .max ? max(result, v) : result + v
            } }
            y[((b * x.c + ch) * outH + ph) * outW + pw] = method == .max ? result : result / poolSize
        } } } }
        return Blob64(shape: [x.n, x.c, outH, outW], values: y)
    }

    /// ACROSS_CHANNELS: x · (k + alpha/size · Σ x² over `size` channels, zero-padded)^-beta.
    public static func lrnAcrossChannels(_ x: Blob64, size: Int, alpha: Double, beta: Double, k: Double) -> Blob64 {
        var y = x
        let half = (size - 1) / 2
        for b in 0..<x.n { for ch in 0..<x.c { for iy in 0..<x.h { for ix in 0..<x.w {
            var sum = 0.0
            for cc in max(0, ch - half)...min(x.c - 1, ch + half) { sum += x.at(b, cc, iy, ix) * x.at(b, cc, iy, ix) }
            y.values[((b * x.c + ch) * x.h + iy) * x.w + ix] = x.at(b, ch, iy, ix) * pow(k + alpha / Double(size) * sum, -beta)
        } } } }
        return y
    }

    /// WITHIN_CHANNEL, composed as lrn_layer.cpp composes it.
    public static func lrnWithinChannel(_ x: Blob64, size: Int, alpha: Double, beta: Double) -> Blob64 {
        let squared = Blob64(shape: x.shape, values: x.values.map { $0 * $0 })
        let averaged = pool(squared, method: .average, kernel: size, stride: 1, pad: (size - 1) / 2)
        precondition(averaged.shape == x.shape, "WITHIN_CHANNEL pooling changed the shape \(x.shape) to \(averaged.shape)")
        let power = averaged.values.map { pow(1 + alpha * $0, -beta) }
        return Blob64(shape: x.shape, values: zip(x.values, power).map(*))
    }
}
