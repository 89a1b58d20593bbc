import ImageFiles
import NN
import Plots
import Testing

/// The filter mosaic by its pixels: each filter's extremes become black and white at its tile,
/// colour filters keep their channels apart, deeper ones show the mean over inputs, and each
/// panel carries its label.
@Suite struct FilterMosaicTests {
    /// Two RGB 3x3 filters: filter 0 has its minimum (-2) at red (0, 0) and its maximum (5) at
    /// blue (2, 2); filter 1 is constant.
    static let rgbFilters: Tensor = {
        var values = [Float](repeating: 1, count: 2 * 3 * 9)
        values[0] = -2               // filter 0, red, (0, 0)
        values[2 * 9 + 8] = 5        // filter 0, blue, (2, 2)
        for i in 27..<54 { values[i] = 0.25 }
        return Tensor(shape: [2, 3, 3, 3], scalars: values)
    }()

    /// One filter of four input channels, 2x2: the mean over the inputs at position p (row-major)
    /// is 0.5 p + 0.875, so after normalisation (0, 0) is black, (1, 1) white and x 1, y 0 a
    /// third of the way (85).
    static let deepFilter: Tensor = {
        var values = [Float](repeating: 0, count: 4 * 4)
        for c in 0..<4 { for p in 0..<4 { values[c * 4 + p] = Float(p) * 0.5 + 1 + Float(c - 2) * 0.25 } }
        return Tensor(shape: [1, 4, 2, 2], scalars: values)
    }()

    @Test func extremesAreBlackAndWhiteAtTheirTiles() throws {
        var mosaic = FilterMosaic()
        mosaic.addPanel("first", caption: "rgb", filters: Self.rgbFilters)
        mosaic.addPanel("second", caption: "deep", filters: Self.deepFilter)
        let image = mosaic.render()
        try image.writePNG(to: "/tmp/plots-filter-mosaic.png")
        let scale = FilterMosaic.scale(kernelSize: 3)
        #expect(scale == 16 && FilterMosaic.scale(kernelSize: 11) == 4 && FilterMosaic.scale(kernelSize: 2) == 24)
        let bytes = { (c: Int, x: Int, y: Int) in Int((image[c, y, x] * 255).rounded()) }

        // Filter 0: red (0, 0) → 0 in the red channel of the tile's top-left block; blue (2, 2) →
        // 255 in the blue channel of its bottom-right block; the rest (1) maps to 3/7.
        let tile0 = mosaic.tileOrigin(panel: 0, filter: 0)
        for (dx, dy) in [(0, 0), (scale - 1, scale - 1)] {
            #expect(bytes(0, tile0.x + dx, tile0.y + dy) == 0)
            #expect(bytes(2, tile0.x + 2 * scale + dx, tile0.y + 2 * scale + dy) == 255)
        }
        #expect(bytes(1, tile0.x, tile0.y) == Int((3.0 / 7 * 255).rounded()))
        #expect(bytes(2, tile0.x + 2 * scale - 1, tile0.y + 2 * scale) == Int((3.0 / 7 * 255).rounded()))
        // Filter 1 is constant: mid-grey everywhere, in the next tile of the row.
        let tile1 = mosaic.tileOrigin(panel: 0, filter: 1)
        #expect(tile1.x == tile0.x + 3 * scale + FilterMosaic.tileGap && tile1.y == tile0.y)
        for c in 0..<3 { #expect(bytes(c, tile1.x + 5, tile1.y + 7) == 128) }
        // The gap between tiles is white.
        #expect(bytes(0, tile1.x - 1, tile1.y) == 255)

        // The deep filter, grey: 0 at (0, 0), 255 at (1, 1), 85 at (1, 0) in every channel.
        let deepScale = FilterMosaic.scale(kernelSize: 2)
        let tile = mosaic.tileOrigin(panel: 1, filter: 0)
        #expect(tile.x > tile1.x + 3 * scale)
        for c in 0..<3 {
            #expect(bytes(c, tile.x, tile.y) == 0)
            #expect(bytes(c, tile.x + 2 * deepScale - 1, tile.y + 2 * deepScale - 1) == 255)
            #expect(bytes(c, tile.x + deepScale, tile.y) == 85)
        }

        // Each label is drawn in black above its panel's tiles.
        for panel in 0..<2 {
            let origin = mosaic.tileOrigin(panel: panel, filter: 0)
            let labelInk = (FilterMosaic.margin..<origin.y).contains { y in
                (origin.x..<origin.x + 30).contains { x in (0..<3).allSatisfy { image[$0, y, x] == 0 } }
            }
            #expect(labelInk, "panel \(panel) label")
        }
    }

    /// 96 filters lie in rows of 10, so tile 10 starts the second row.
    @Test func tilesFillSquareishRows() {
        var mosaic = FilterMosaic()
        mosaic.addPanel("many", filters: Tensor(shape: [96, 3, 11, 11], scalars: (0..<(96 * 363)).map { Float($0 % 17) }))
        #expect(FilterMosaic.columns(count: 96) == 10 && FilterMosaic.columns(count: 64) == 8)
        let first = mosaic.tileOrigin(panel: 0, filter: 0), eleventh = mosaic.tileOrigin(panel: 0, filter: 10)
        #expect(eleventh.x == first.x && eleventh.y == first.y + 44 + FilterMosaic.tileGap)
        let image = mosaic.render()
        #expect(image.width == 2 * FilterMosaic.margin + 10 * 44 + 11 * FilterMosaic.tileGap)
    }
}
