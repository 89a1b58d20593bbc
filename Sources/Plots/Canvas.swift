import ImageFiles

/// A small RGB drawing surface for plots: filled rectangles and discs, antialiased lines and
/// bitmap text. Coordinates are pixels from the top-left; pixel (i, j) spans [i, i+1) x [j, j+1).
public struct Canvas {
    public struct Color: Sendable, Equatable {
        public var red: Float, green: Float, blue: Float
        public init(red: Float, green: Float, blue: Float) {
            (self.red, self.green, self.blue) = (red, green, blue)
        }
        public init(grey: Float) { self.init(red: grey, green: grey, blue: grey) }
        /// From 0xRRGGBB.
        public init(hex: UInt32) {
            self.init(red: Float(hex >> 16 & 0xFF) / 255, green: Float(hex >> 8 & 0xFF) / 255, blue: Float(hex & 0xFF) / 255)
        }
        public static let white = Color(grey: 1), black = Color(grey: 0)

        /// Distinct colours for series and classes (matplotlib's "tab10" then "tab20" lights),
        /// cycled beyond twenty.
        public static func categorical(_ index: Int) -> Color {
            let palette: [UInt32] = [0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2,
                                     0x7F7F7F, 0xBCBD22, 0x17BECF, 0xAEC7E8, 0xFFBB78, 0x98DF8A, 0xFF9896,
                                     0xC5B0D5, 0xC49C94, 0xF7B6D2, 0xC7C7C7, 0xDBDB8D, 0x9EDAE5]
            return Color(hex: palette[index % palette.count])
        }
    }

    public internal(set) var image: Image   // set by the drawing extensions (Canvas+Image)
    public var width: Int { image.width }
    public var height: Int { image.height }

    public init(width: Int, height: Int, background: Color = .white) {
        image = Image(width: width, height: height, red: background.red, green: background.green, blue: background.blue)
    }

    /// Mixes `color` into pixel (x, y) with weight `alpha`; pixels outside are ignored.
    public mutating func blend(x: Int, y: Int, color: Color, alpha: Float = 1) {
        guard x >= 0, y >= 0, x < width, y < height, alpha > 0 else { return }
        let plane = width * height, i = y * width + x
        image.pixels[i] += alpha * (color.red - image.pixels[i])
        image.pixels[plane + i] += alpha * (color.green - image.pixels[plane + i])
        image.pixels[2 * plane + i] += alpha * (color.blue - image.pixels[2 * plane + i])
    }

    public mutating func fillRect(x: Int, y: Int, width w: Int, height h: Int, color: Color, alpha: Float = 1) {
        for py in max(0, y)..<max(max(0, y), min(height, y + h)) {
            for px in max(0, x)..<max(max(0, x), min(width, x + w)) { blend(x: px, y: py, color: color, alpha: alpha) }
        }
    }

    /// A segment `lineWidth` pixels wide with round ends, antialiased by each pixel centre's
    /// distance to the segment (Wu-like edges, but any width, and polylines join cleanly).
    public mutating func drawLine(from a: (x: Double, y: Double), to b: (x: Double, y: Double),
                                  color: Color, lineWidth: Double = 1.5, alpha: Float = 1) {
        let half = lineWidth / 2
        let dx = b.x - a.x, dy = b.y - a.y, length2 = dx * dx + dy * dy
        let x0 = max(0, Int((min(a.x, b.x) - half - 1).rounded(.down)))
        let x1 = min(width - 1, Int((max(a.x, b.x) + half + 1).rounded(.up)))
        let y0 = max(0, Int((min(a.y, b.y) - half - 1).rounded(.down)))
        let y1 = min(height - 1, Int((max(a.y, b.y) + half + 1).rounded(.up)))
        guard x0 <= x1, y0 <= y1 else { return }
        for py in y0...y1 {
            for px in x0...x1 {
                let cx = Double(px) + 0.5, cy = Double(py) + 0.5
                let t = length2 > 0 ? min(max(((cx - a.x) * dx + (cy - a.y) * dy) / length2, 0), 1) : 0
                let distance = ((cx - a.x - t * dx) * (cx - a.x - t * dx) + (cy - a.y - t * dy) * (cy - a.y - t * dy)).squareRoot()
                let coverage = min(max(half + 0.5 - distance, 0), 1)
                if coverage > 0 { blend(x: px, y: py, color: color, alpha: alpha * Float(coverage)) }
            }
        }
    }

    /// A filled disc with an antialiased rim.
    public mutating func fillCircle(center: (x: Double, y: Double), radius: Double, color: Color, alpha: Float = 1) {
        drawLine(from: center, to: center, color: color, lineWidth: 2 * radius, alpha: alpha)
    }

    /// Text in the built-in 5x8 font, each font pixel a `scale` x `scale` block. (x, y) is the
    /// top-left of the text's box; `vertical` text is turned a quarter left and reads bottom to top.
    public mutating func drawText(_ text: String, x: Int, y: Int, color: Color = .black, scale: Int = 1,
                                  vertical: Bool = false) {
        let length = BitmapFont.width(of: text, scale: scale)
        for (index, character) in text.enumerated() {
            let glyph = BitmapFont.glyph(character)
            for row in 0..<BitmapFont.glyphHeight {
                for column in 0..<BitmapFont.glyphWidth where BitmapFont.isSet(glyph, x: column, y: row) {
                    let u = (index * BitmapFont.advance + column) * scale, v = row * scale
                    if vertical {
                        fillRect(x: x + v, y: y + length - u - scale, width: scale, height: scale, color: color)
                    } else {
                        fillRect(x: x + u, y: y + v, width: scale, height: scale, color: color)
                    }
                }
            }
        }
    }
}
