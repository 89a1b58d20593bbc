/// A 5x8 bitmap font for printable ASCII (32-126), drawn for this project: capitals and digits
/// use rows 0-6, row 7 holds descenders (g, j, p, q, y, comma). Each glyph is a UInt64 whose
/// most significant byte is the top row; within a row, bit 4 is the leftmost column.
enum BitmapFont {
    static let glyphWidth = 5, glyphHeight = 8
    /// Horizontal distance from one character to the next (one column of spacing).
    static let advance = 6
    /// Baseline-to-baseline distance for stacked lines.
    static let lineHeight = 10

    /// The glyph of `character`; anything outside printable ASCII draws as '?'.
    static func glyph(_ character: Character) -> UInt64 {
        guard let ascii = character.asciiValue, ascii >= 32, ascii <= 126 else { return glyphs[Int(UInt8(ascii: "?")) - 32] }
        return glyphs[Int(ascii) - 32]
    }

    /// Whether column `x` (0-4) of row `y` (0-7) is inked.
    static func isSet(_ glyph: UInt64, x: Int, y: Int) -> Bool {
        (glyph >> UInt64(8 * (7 - y) + 4 - x)) & 1 == 1
    }

    /// Width in pixels of `text` at `scale`, without trailing spacing.
    static func width(of text: String, scale: Int = 1) -> Int {
        text.isEmpty ? 0 : (text.count * advance - 1) * scale
    }

    private static let glyphs: [UInt64] = [
        0x0000000000000000, 0x0404040404000400, 0x0A0A000000000000, 0x0A0A1F0A1F0A0A00,  //   ! " #
        0x040F140E051E0400, 0x1819020408130300, 0x0C12140815120D00, 0x0404080000000000,  // $ % & '
        0x0204080808040200, 0x0804020202040800, 0x0004150E15040000, 0x0004041F04040000,  // ( ) * +
        0x00000000000C0408, 0x0000000E00000000, 0x00000000000C0C00, 0x0001020408100000,  // , - . /
        0x0E11131519110E00, 0x040C040404040E00, 0x0E11010204081F00, 0x1F02040201110E00,  // 0 1 2 3
        0x02060A121F020200, 0x1F101E0101110E00, 0x0608101E11110E00, 0x1F01020408080800,  // 4 5 6 7
        0x0E11110E11110E00, 0x0E11110F01020C00, 0x000C0C000C0C0000, 0x000C0C000C040800,  // 8 9 : ;
        0x0204081008040200, 0x00001F001F000000, 0x0804020102040800, 0x0E11010204000400,  // < = > ?
        0x0E11010D15150E00, 0x0E11111F11111100, 0x1E11111E11111E00, 0x0E11101010110E00,  // @ A B C
        0x1C12111111121C00, 0x1F10101E10101F00, 0x1F10101E10101000, 0x0E11101711110F00,  // D E F G
        0x1111111F11111100, 0x0E04040404040E00, 0x0702020202120C00, 0x1112141814121100,  // H I J K
        0x1010101010101F00, 0x111B151511111100, 0x1111191513111100, 0x0E11111111110E00,  // L M N O
        0x1E11111E10101000, 0x0E11111115120D00, 0x1E11111E14121100, 0x0F10100E01011E00,  // P Q R S
        0x1F04040404040400, 0x1111111111110E00, 0x11111111110A0400, 0x1111111515150A00,  // T U V W
        0x11110A040A111100, 0x11110A0404040400, 0x1F01020408101F00, 0x0E08080808080E00,  // X Y Z [
        0x0010080402010000, 0x0E02020202020E00, 0x040A110000000000, 0x0000000000001F00,  // \ ] ^ _
        0x0804020000000000, 0x00000E010F110F00, 0x1010161911111E00, 0x00000E1010110E00,  // ` a b c
        0x01010D1311110F00, 0x00000E111F100E00, 0x0609081C08080800, 0x00000F11110F010E,  // d e f g
        0x1010161911111100, 0x04000C0404040E00, 0x020006020202120C, 0x1010121418141200,  // h i j k
        0x0C04040404040E00, 0x00001A1515111100, 0x0000161911111100, 0x00000E1111110E00,  // l m n o
        0x00001E11111E1010, 0x00000F11110F0101, 0x0000161910101000, 0x00000E100E011E00,  // p q r s
        0x08081C0808090600, 0x0000111111130D00, 0x00001111110A0400, 0x0000111115150A00,  // t u v w
        0x0000110A040A1100, 0x00001111110F010E, 0x00001F0204081F00, 0x0204040804040200,  // x y z {
        0x0404040404040400, 0x0804040204040800, 0x0000081502000000,  // | } ~
    ]
}
