import ImageFiles
import NN

/// Convolution filters as pictures, one panel per weight set side by side, each panel a grid of
/// tiles under its label (Krizhevsky et al.'s figure of AlexNet's conv1).
///
/// Each filter is normalised to its own range: its smallest weight black, its largest white (a
/// constant filter is mid-grey). Filters with three input channels (a first layer on RGB images)
/// are drawn in colour, input channel c as colour c; deeper filters, one slice per input channel,
/// as the mean over those slices, in grey. Tiles are enlarged by whole pixels to about
/// `tileTarget` pixels, so an 11x11 filter is 44 pixels wide.
public struct FilterMosaic {
    public struct Panel {
        public let label: String
        public let caption: String
        /// `[outC, inC, k, k]`.
        public let filters: Tensor
    }

    public private(set) var panels: [Panel] = []

    public static let tileTarget = 48, tileGap = 2, margin = 16, panelGap = 32
    static let labelScale = 2

    public init() {}

    /// Adds a panel of `filters` `[outC, inC, k, k]` under `label`, with a smaller `caption` line.
    public mutating func addPanel(_ label: String, caption: String = "", filters: Tensor) {
        precondition(filters.rank == 4 && filters.shape[0] > 0 && filters.shape[1] > 0 && filters.shape[2] > 0
                     && filters.shape[3] > 0, "filters are [outC, inC, kH, kW], found \(filters.shape)")
        panels.append(Panel(label: label, caption: caption, filters: filters))
    }

    /// Enlargement of a k-pixel filter.
    public static func scale(kernelSize: Int) -> Int { max(1, tileTarget / kernelSize) }

    /// Tiles per row of a panel of `count` filters: a square-ish grid.
    public static func columns(count: Int) -> Int { Int(Double(count).squareRoot().rounded(.up)) }

    /// The top-left pixel of filter `index`'s tile in panel `panel` of the rendered picture.
    public func tileOrigin(panel: Int, filter index: Int) -> (x: Int, y: Int) {
        let filters = panels[panel].filters
        let step = Self.scale(kernelSize: filters.shape[3]) * filters.shape[3] + Self.tileGap
        let stepY = Self.scale(kernelSize: filters.shape[3]) * filters.shape[2] + Self.tileGap
        let columns = Self.columns(count: filters.shape[0])
        return (panelLeft(panel) + Self.tileGap + index % columns * step,
                Self.gridTop + Self.tileGap + index / columns * stepY)
    }

    public func render() -> Image {
        precondition(!panels.isEmpty, "a filter mosaic needs at least one panel")
        let grids = panels.map(Self.grid)
        let widths = zip(panels, grids).map { max($1.width, Self.labelWidth($0)) }
        let width = widths.reduce(0, +) + Self.panelGap * (panels.count - 1) + 2 * Self.margin
        let height = Self.gridTop + (grids.map(\.height).max() ?? 0) + Self.margin
        var canvas = Canvas(width: width, height: height)
        for (index, (panel, grid)) in zip(panels, grids).enumerated() {
            let left = panelLeft(index)
            canvas.drawText(panel.label, x: left, y: Self.margin, scale: Self.labelScale)
            canvas.drawText(panel.caption, x: left, y: Self.margin + Self.labelHeight, color: Canvas.Color(grey: 0.3))
            canvas.drawImage(grid, x: left, y: Self.gridTop)
        }
        return canvas.image
    }

    /// Label (scale 2), a gap, the caption, a gap.
    static let labelHeight = Canvas.textSize("A", scale: labelScale).height + 6
    static let gridTop = margin + labelHeight + Canvas.textSize("A").height + 8

    static func labelWidth(_ panel: Panel) -> Int {
        max(Canvas.textSize(panel.label, scale: labelScale).width, Canvas.textSize(panel.caption).width)
    }

    private func panelLeft(_ index: Int) -> Int {
        Self.margin + panels[..<index].map { max(Self.grid(of: $0).width, Self.labelWidth($0)) }
            .reduce(0) { $0 + $1 + Self.panelGap }
    }

    static func grid(of panel: Panel) -> Image {
        let f = panel.filters
        let tiles = (0..<f.shape[0]).map { tile(f.slice($0), scale: scale(kernelSize: f.shape[3])) }
        return Image(grid: tiles, columns: columns(count: tiles.count), padding: tileGap, background: 1)
    }

    /// One filter `[inC, k, k]` normalised to its own range, enlarged `scale` times.
    static func tile(_ filter: Tensor, scale: Int) -> Image {
        let (inputs, h, w) = (filter.shape[0], filter.shape[1], filter.shape[2])
        let plane = h * w
        var planes: [Float]
        if inputs == 3 {
            planes = filter.scalars
        } else {
            planes = [Float](repeating: 0, count: plane)
            for c in 0..<inputs { for p in 0..<plane { planes[p] += filter.scalars[c * plane + p] } }
            planes = planes.map { $0 / Float(inputs) }
        }
        let low = planes.min()!, high = planes.max()!
        let normalised = planes.map { high > low ? ($0 - low) / (high - low) : 0.5 }
        // Grey tiles repeat their one plane in all three channels.
        let pixels = normalised.count == plane ? normalised + normalised + normalised : normalised
        return Image(width: w, height: h, pixels: pixels).enlarged(by: scale)
    }
}
