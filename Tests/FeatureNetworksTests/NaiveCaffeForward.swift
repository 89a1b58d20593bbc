import CaffeModel
import NN
import TestSupport

/// A Caffe net's forward pass in float64, layer by layer with `NaiveCaffe64`, reading each layer's
/// parameters and blobs straight from the `CaffeNet`: the reference `CaffeNetwork` must match.
/// Images come in as RGB [0, 1] and are turned into Caffe's input here, independently of
/// `CaffeInputConvention`: grey = 0.299 R + 0.587 G + 0.114 B (OpenCV's), colour in BGR order,
/// then (255 · pixel − mean) · scale.
enum NaiveCaffeForward {
    /// Every computing layer's output, by layer name.
    static func outputs(of net: CaffeNet, images: Tensor, channels: Int, mean: [Double], scale: Double) -> [String: Blob64] {
        let (n, plane) = (images.shape[0], images.shape[2] * images.shape[3])
        var values = [Double](repeating: 0, count: n * channels * plane)
        for b in 0..<n { for c in 0..<channels { for p in 0..<plane {
            func rgb(_ k: Int) -> Double { 255 * Double(images[flat: (b * 3 + k) * plane + p]) }
            let pixel = channels == 1 ? 0.299 * rgb(0) + 0.587 * rgb(1) + 0.114 * rgb(2) : rgb(2 - c)
            values[(b * channels + c) * plane + p] = (pixel - mean[c]) * scale
        } } }
        var x = Blob64(shape: [n, channels, images.shape[2], images.shape[3]], values: values)
        var result: [String: Blob64] = [:]
        for layer in net.layers {
            let blobs = layer.blobs.map { $0.data.map(Double.init) }
            switch layer.kind {
            case .convolution(let c):
                x = NaiveCaffe64.convolution(x, weight: blobs[0], outputs: c.outputChannels,
                                             kernel: (c.kernelSize.height, c.kernelSize.width),
                                             stride: (c.stride.height, c.stride.width),
                                             padding: (c.padding.height, c.padding.width),
                                             dilation: (c.dilation.height, c.dilation.width), groups: c.groups,
                                             bias: c.hasBias ? blobs[1] : nil)
            case .innerProduct(let ip):
                x = NaiveCaffe64.innerProduct(x, weight: blobs[0], outputs: ip.outputCount, bias: ip.hasBias ? blobs[1] : nil)
            case .relu(let slope):
                x = NaiveCaffe64.rectify(x, slopes: [Double(slope)])
            case .prelu:
                x = NaiveCaffe64.rectify(x, slopes: blobs[0])
            case .pooling(let p):
                let kernel = p.kernelSize?.height ?? x.h
                x = NaiveCaffe64.pool(x, method: p.method == .max ? .max : .average, kernel: kernel,
                                      stride: p.stride.height, pad: p.padding.height, ceil: p.rounding == .ceil)
            case .lrn(let l):
                x = l.region == .acrossChannels
                    ? NaiveCaffe64.lrnAcrossChannels(x, size: l.size, alpha: Double(l.alpha), beta: Double(l.beta), k: Double(l.k))
                    : NaiveCaffe64.lrnWithinChannel(x, size: l.size, alpha: Double(l.alpha), beta: Double(l.beta))
            case .batchNorm(let epsilon):
                // batch_norm_layer.cpp: statistics divided by the stored factor (0 stays 0).
                let factor = blobs[2][0] == 0 ? 0 : 1 / blobs[2][0]
                let mean = blobs[0].map { $0 * factor }, variance = blobs[1].map { $0 * factor }
                x = NaiveCaffe64.channelAffine(x, scale: variance.map { 1 / ($0 + Double(epsilon)).squareRoot() },
                                               shift: zip(mean, variance).map { -$0 / ($1 + Double(epsilon)).squareRoot() })
            case .scale(let hasBias):
                x = NaiveCaffe64.channelAffine(x, scale: blobs[0], shift: hasBias ? blobs[1] : [Double](repeating: 0, count: x.c))
            case .dropout, .other:
                continue
            }
            result[layer.name] = x
        }
        return result
    }

    /// Largest |a − b| relative to max(1, the largest |b|).
    static func relativeDifference(_ a: Tensor, _ b: Blob64) -> Double {
        precondition(a.count == b.values.count, "\(a.shape) against \(b.shape)")
        let scale = max(1, b.values.map(abs).max() ?? 0)
        return (0..<a.count).map { abs(Double(a[flat: $0]) - b.values[$0]) }.max()! / scale
    }
}
