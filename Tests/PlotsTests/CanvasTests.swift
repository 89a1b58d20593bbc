import ImageFiles
import Plots
import Testing

@Suite struct CanvasTests {
    /// The inked pixels of `text` (red channel below 0.5) as (x, y) pairs.
    static func ink(_ canvas: Canvas) -> Set<[Int]> {
        var set = Set<[Int]>()
        for y in 0..<canvas.height { for x in 0..<canvas.width where canvas.image[0, y, x] < 0.5 { set.insert([x, y]) } }
        return set
    }

    @Test func everyPrintableCharacterHasItsOwnGlyph() {
        var seen = Set<Set<[Int]>>()
        for code in 33...126 {
            var canvas = Canvas(width: 5, height: 8)
            canvas.drawText(String(UnicodeScalar(UInt8(code))), x: 0, y: 0)
            let glyph = Self.ink(canvas)
            #expect(!glyph.isEmpty, "character \(code) has no ink")
            #expect(seen.insert(glyph).inserted, "character \(code) looks like another")
        }
        var space = Canvas(width: 5, height: 8)
        space.drawText(" ", x: 0, y: 0)
        #expect(Self.ink(space).isEmpty)
    }

    @Test func verticalTextIsHorizontalTextTurnedLeft() {
        var across = Canvas(width: 11, height: 8), up = Canvas(width: 8, height: 11)
        across.drawText("Ag", x: 0, y: 0, scale: 1)
        up.drawText("Ag", x: 0, y: 0, scale: 1, vertical: true)
        // A quarter turn left maps (x, y) to (y, width - 1 - x).
        #expect(Set(Self.ink(across).map { [$0[1], 10 - $0[0]] }) == Self.ink(up))
    }

    @Test func linesAndRectanglesCoverTheRightPixels() {
        var canvas = Canvas(width: 10, height: 6)
        canvas.drawLine(from: (1, 2.5), to: (9, 2.5), color: .black, lineWidth: 1)
        #expect(canvas.image[0, 2, 5] == 0)                              // on the line
        #expect(canvas.image[0, 0, 5] == 1 && canvas.image[0, 4, 5] == 1) // untouched rows
        canvas.fillRect(x: 8, y: 4, width: 5, height: 5, color: .init(red: 0, green: 1, blue: 0))
        #expect(canvas.image[0, 5, 9] == 0 && canvas.image[1, 5, 9] == 1) // clipped at the edge
        #expect(canvas.image[1, 3, 9] == 1 && canvas.image[0, 3, 9] == 1) // above the rectangle
    }
}
