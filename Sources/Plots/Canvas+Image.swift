import ImageFiles

extension Canvas {
    /// Copies `picture` onto the canvas with its top-left at (x, y), exactly (no blending), so a
    /// picture's pixels keep their values; the part outside the canvas is left out.
    public mutating func drawImage(_ picture: Image, x: Int, y: Int) {
        let plane = width * height, sourcePlane = picture.width * picture.height
        for row in max(0, -y)..<max(max(0, -y), min(picture.height, height - y)) {
            for column in max(0, -x)..<max(max(0, -x), min(picture.width, width - x)) {
                let target = (y + row) * width + x + column, source = row * picture.width + column
                for c in 0..<3 { image.pixels[c * plane + target] = picture.pixels[c * sourcePlane + source] }
            }
        }
    }

    /// Width and height in pixels of `text` drawn at `scale`.
    public static func textSize(_ text: String, scale: Int = 1) -> (width: Int, height: Int) {
        (BitmapFont.width(of: text, scale: scale), BitmapFont.glyphHeight * scale)
    }
}
