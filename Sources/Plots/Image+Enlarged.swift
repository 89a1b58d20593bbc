import ImageFiles

extension Image {
    /// Each pixel repeated `factor` x `factor` times (nearest neighbour), so small pictures stay
    /// sharp when drawn large.
    func enlarged(by factor: Int) -> Image {
        let (w, h) = (width * factor, height * factor)
        var enlarged = [Float](repeating: 0, count: 3 * w * h)
        for c in 0..<3 {
            for y in 0..<h {
                for x in 0..<w { enlarged[(c * h + y) * w + x] = self[c, y / factor, x / factor] }
            }
        }
        return Image(width: w, height: h, pixels: enlarged)
    }
}
