import NN

/// Max pooling by the definition, one window at a time (the reference for MaxPool2D).
///
/// The output size is found by counting window starts o·s - p: a window exists while it fits the
/// padded input (floor), or while it overlaps it and starts before the end of the input (ceil).
/// Each window is clipped to the input and keeps its first maximum in row-major order. `argmax`
/// holds, per output, the flat index of that maximum in `x`.
public func naiveMaxPool2D(_ x: Tensor, kernelSize k: Int, stride s: Int, padding p: Int,
                           rounding: PoolRounding) -> (output: Tensor, argmax: [Int]) {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    func count(_ size: Int) -> Int {
        var windows = 0
        while true {
            let start = windows * s - p
            let fits = rounding == .floor ? start + k <= size + p : start + k < size + p + s && start < size
            if !fits { return windows }
            windows += 1
        }
    }
    let (outH, outW) = (count(h), count(w))
    var y = [Float](), argmax = [Int]()
    for image in 0..<n {
        for channel in 0..<c {
            let plane = (image * c + channel) * h * w
            for oy in 0..<outH {
                for ox in 0..<outW {
                    var best = -Float.infinity, at = -1
                    for iy in max(0, oy * s - p)..<min(h, oy * s - p + k) {
                        for ix in max(0, ox * s - p)..<min(w, ox * s - p + k) {
                            let index = plane + iy * w + ix
                            if at < 0 || x[flat: index] > best {
                                best = x[flat: index]
                                at = index
                            }
                        }
                    }
                    y.append(best)
                    argmax.append(at)
                }
            }
        }
    }
    return (Tensor(shape: [n, c, outH, outW], scalars: y), argmax)
}

/// dx[argmax[o]] += dy[o] for every output o (the reference for MaxPool2D's backward).
public func naiveMaxPool2DBackward(_ dy: Tensor, argmax: [Int], inputShape: [Int]) -> Tensor {
    var dx = Tensor(zeros: inputShape)
    for o in 0..<dy.count { dx[flat: argmax[o]] += dy[flat: o] }
    return dx
}
