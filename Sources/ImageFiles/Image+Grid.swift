import NN

extension Image {
    /// Tiles equally sized images row by row, `columns` per row (fewer when there are fewer images),
    /// with `padding` pixels of grey level `background` between and around the tiles.
    /// Size: columns * w + (columns + 1) * padding by rows * h + (rows + 1) * padding.
    public init(grid images: [Image], columns: Int, padding: Int = 2, background: Float = 1) {
        precondition(!images.isEmpty && columns > 0 && padding >= 0,
                     "a grid needs images (\(images.count)), columns (\(columns)) and padding >= 0 (\(padding))")
        let tileWidth = images[0].width, tileHeight = images[0].height
        let columns = min(columns, images.count)
        let rows = (images.count + columns - 1) / columns
        let width = columns * tileWidth + (columns + 1) * padding
        let height = rows * tileHeight + (rows + 1) * padding
        var pixels = [Float](repeating: background, count: 3 * width * height)
        for (index, tile) in images.enumerated() {
            precondition(tile.width == tileWidth && tile.height == tileHeight,
                         "grid tile \(index) is \(tile.width)x\(tile.height), expected \(tileWidth)x\(tileHeight)")
            let left = padding + (index % columns) * (tileWidth + padding)
            let top = padding + (index / columns) * (tileHeight + padding)
            for c in 0..<3 {
                for y in 0..<tileHeight {
                    let source = (c * tileHeight + y) * tileWidth
                    let target = (c * height + top + y) * width + left
                    pixels[target..<target + tileWidth] = tile.pixels[source..<source + tileWidth]
                }
            }
        }
        self.init(width: width, height: height, pixels: pixels)
    }

    /// Tiles a batch `[N, C, H, W]` (C = 1 or 3, values clamped to [0, 1]).
    public init(grid batch: Tensor, columns: Int, padding: Int = 2, background: Float = 1) {
        precondition(batch.rank == 4, "a grid batch is [N, C, H, W], found \(batch.shape)")
        self.init(grid: (0..<batch.shape[0]).map { Image(batch.slice($0)) },
                  columns: columns, padding: padding, background: background)
    }
}
