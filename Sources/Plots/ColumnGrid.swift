import ImageFiles

/// Equally sized images in labelled columns, one row per item: originals beside each model's
/// version of them (the poster's Fig. 7), each column headed by its label.
///
/// Tiles smaller than `tileTarget` pixels are enlarged by whole pixels (nearest neighbour), so
/// a 28x28 image is drawn 56 pixels wide; a column is as wide as its tile or its label and a margin.
public struct ColumnGrid {
    public struct Column {
        public let label: String
        public let images: [Image]

        public init(label: String, images: [Image]) {
            (self.label, self.images) = (label, images)
        }
    }

    public let columns: [Column]
    public let tileWidth: Int, tileHeight: Int

    public static let tileTarget = 64, gap = 4, margin = 8
    static let headerHeight = margin + Canvas.textSize("A").height + 6

    /// Every column holds the same number of images, all of one size.
    public init(columns: [Column]) {
        precondition(!columns.isEmpty && !columns[0].images.isEmpty, "a column grid needs columns of images")
        let first = columns[0].images[0]
        for column in columns {
            precondition(column.images.count == columns[0].images.count,
                         "column \(column.label) has \(column.images.count) images, \(columns[0].label) \(columns[0].images.count)")
            precondition(column.images.allSatisfy { $0.width == first.width && $0.height == first.height },
                         "column \(column.label) holds an image of another size than \(first.width)x\(first.height)")
        }
        self.columns = columns
        (tileWidth, tileHeight) = (first.width, first.height)
    }

    /// Enlargement of the tiles.
    public var scale: Int { max(1, Self.tileTarget / max(tileWidth, tileHeight)) }

    /// A tile's width, or its label's with room either side so neighbouring labels stay apart.
    private var columnWidths: [Int] {
        columns.map { max(tileWidth * scale, Canvas.textSize($0.label).width + 2 * Self.labelMargin) }
    }

    static let labelMargin = 6

    /// The top-left pixel of the tile of image `row` in column `column`.
    public func tileOrigin(row: Int, column: Int) -> (x: Int, y: Int) {
        let widths = columnWidths
        let left = Self.margin + widths[..<column].reduce(0) { $0 + $1 + Self.gap }
        return (left + (widths[column] - tileWidth * scale) / 2, Self.headerHeight + row * (tileHeight * scale + Self.gap))
    }

    public func render() -> Image {
        let widths = columnWidths, rows = columns[0].images.count
        let width = widths.reduce(0, +) + Self.gap * (columns.count - 1) + 2 * Self.margin
        let height = Self.headerHeight + rows * (tileHeight * scale + Self.gap) - Self.gap + Self.margin
        var canvas = Canvas(width: width, height: height)
        for (c, column) in columns.enumerated() {
            let labelX = tileOrigin(row: 0, column: c).x + (tileWidth * scale - Canvas.textSize(column.label).width) / 2
            canvas.drawText(column.label, x: labelX, y: Self.margin)
            for (r, image) in column.images.enumerated() {
                let origin = tileOrigin(row: r, column: c)
                canvas.drawImage(scale == 1 ? image : image.enlarged(by: scale), x: origin.x, y: origin.y)
            }
        }
        return canvas.image
    }
}
