import NN

/// Direct loop definitions of convolution, transposed convolution and a fully connected layer,
/// written from the formulas and nothing else, to compare the im2col + GEMM kernels against.
public enum Naive {
    /// y[n, o, oy, ox] = b[o] + Σ_{c in o's group, i, j} w[o, c', i, j] · x[n, c, oy·s − p + i, ox·s − p + j]
    public static func conv2D(_ x: Tensor, weight w: Tensor, bias: Tensor?, stride s: Int, padding p: Int,
                              groups: Int) -> Tensor {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (outC, cPerGroup, kh, kw) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
        let outH = (h + 2 * p - kh) / s + 1, outW = (wd + 2 * p - kw) / s + 1
        precondition(cPerGroup * groups == c)
        var y = Tensor(zeros: [n, outC, outH, outW])
        let outPerGroup = outC / groups
        for b in 0..<n { for o in 0..<outC { for oy in 0..<outH { for ox in 0..<outW {
            var sum = Double(bias?[flat: o] ?? 0)
            let group = o / outPerGroup
            for ci in 0..<cPerGroup { for i in 0..<kh { for j in 0..<kw {
                let iy = oy * s - p + i, ix = ox * s - p + j
                guard iy >= 0, iy < h, ix >= 0, ix < wd else { continue }
                let cc = group * cPerGroup + ci
                sum += Double(w[flat: ((o * cPerGroup + ci) * kh + i) * kw + j])
                    * Double(x[flat: ((b * c + cc) * h + iy) * wd + ix])
            } } }
            y[flat: ((b * outC + o) * outH + oy) * outW + ox] = Float(sum)
        } } } }
        return y
    }

    /// Every input pixel scatters w[c, o', i, j] · x into y[n, o, iy·s − p + i, ix·s − p + j].
    public static func convTranspose2D(_ x: Tensor, weight w: Tensor, bias: Tensor?, stride s: Int, padding p: Int,
                                       outputPadding: Int = 0, groups: Int) -> Tensor {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (outPerGroup, kh, kw) = (w.shape[1], w.shape[2], w.shape[3])
        let outC = outPerGroup * groups, cPerGroup = c / groups
        let outH = (h - 1) * s - 2 * p + kh + outputPadding, outW = (wd - 1) * s - 2 * p + kw + outputPadding
        var acc = [Double](repeating: 0, count: n * outC * outH * outW)
        for b in 0..<n { for ci in 0..<c { for iy in 0..<h { for ix in 0..<wd {
            let v = Double(x[flat: ((b * c + ci) * h + iy) * wd + ix])
            let group = ci / cPerGroup
            for oo in 0..<outPerGroup { for i in 0..<kh { for j in 0..<kw {
                let oy = iy * s - p + i, ox = ix * s - p + j
                guard oy >= 0, oy < outH, ox >= 0, ox < outW else { continue }
                let o = group * outPerGroup + oo
                acc[((b * outC + o) * outH + oy) * outW + ox] += v * Double(w[flat: ((ci * outPerGroup + oo) * kh + i) * kw + j])
            } } }
        } } } }
        if let bias {
            for b in 0..<n { for o in 0..<outC { for q in 0..<(outH * outW) {
                acc[(b * outC + o) * outH * outW + q] += Double(bias[flat: o])
            } } }
        }
        return Tensor(shape: [n, outC, outH, outW], scalars: acc.map { Float($0) })
    }

    /// y[n, o] = b[o] + Σ_i w[o, i] · x[n, i]
    public static func linear(_ x: Tensor, weight w: Tensor, bias: Tensor?) -> Tensor {
        let (n, inF, outF) = (x.shape[0], w.shape[1], w.shape[0])
        var y = Tensor(zeros: [n, outF])
        for b in 0..<n { for o in 0..<outF {
            var sum = Double(bias?[flat: o] ?? 0)
            for i in 0..<inF { sum += Double(w[flat: o * inF + i]) * Double(x[flat: b * inF + i]) }
            y[flat: b * outF + o] = Float(sum)
        } }
        return y
    }
}
