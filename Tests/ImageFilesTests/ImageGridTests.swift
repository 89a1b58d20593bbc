import ImageFiles
import NN
import Testing

@Suite struct ImageGridTests {
    @Test func gridGeometryAndPlacement() {
        // Five 4x3 tiles, three columns, one pixel of padding: 3*4 + 4 = 16 by 2*3 + 3 = 9.
        let tiles = (0..<5).map { Image(width: 4, height: 3, red: Float($0) / 10, green: 0, blue: 0) }
        let grid = Image(grid: tiles, columns: 3, padding: 1, background: 1)
        #expect((grid.width, grid.height) == (16, 9))
        #expect(grid[0, 0, 0] == 1 && grid[1, 0, 0] == 1)        // padding
        #expect(grid[0, 1, 1] == 0 && grid[0, 3, 4] == 0)          // tile 0 spans x 1...4, y 1...3
        #expect(grid[0, 1, 5] == 1)                                 // gap between tiles 0 and 1
        #expect(grid[0, 1, 6] == 0.1 && grid[0, 1, 11] == 0.2)      // tiles 1 and 2
        #expect(grid[0, 5, 1] == 0.3 && grid[0, 7, 9] == 0.4)       // second row: tiles 3 and 4
        #expect(grid[0, 5, 11] == 1 && grid[1, 7, 14] == 1)         // the empty sixth cell
    }

    @Test func gridFromGreyBatchClampsAndFitsColumns() {
        let batch = Tensor(shape: [2, 1, 2, 2], scalars: [-1, 0.5, 2, 0.25, 0, 0, 0, 0])
        let grid = Image(grid: batch, columns: 8, padding: 0)
        #expect((grid.width, grid.height) == (4, 2))                // only two columns are used
        #expect(Array(grid.pixels[0..<8]) == [0, 0.5, 0, 0, 1, 0.25, 0, 0])
        #expect(grid[2, 1, 1] == 0.25)
    }
}
