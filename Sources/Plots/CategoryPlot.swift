import ImageFiles

/// Means with their spread over named categories along x (a layer sweep's accuracy per layer):
/// one line per series through the means, a light band and error bars of ± one standard deviation.
public struct CategoryPlot {
    public struct Series: Sendable {
        public var name: String
        public var means: [Double]
        public var deviations: [Double]
    }

    public var categories: [String]
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public private(set) var series: [Series] = []

    public init(categories: [String], title: String = "", xLabel: String = "", yLabel: String = "") {
        precondition(!categories.isEmpty, "a category plot needs categories")
        (self.categories, self.title, self.xLabel, self.yLabel) = (categories, title, xLabel, yLabel)
    }

    /// Adds a series: a mean and a standard deviation per category (0 for a single run).
    public mutating func addSeries(_ name: String, means: [Double], deviations: [Double]) {
        precondition(means.count == categories.count && deviations.count == categories.count,
                     "series \(name): \(means.count) means and \(deviations.count) deviations for \(categories.count) categories")
        series.append(Series(name: name, means: means, deviations: deviations))
    }

    public func render(width: Int = 800, height: Int = 480) -> Image {
        let spans = series.flatMap { line in zip(line.means, line.deviations).flatMap { [$0 - $1, $0 + $1] } }
        let axes = PlotAxes(width: width, height: height, x: [], y: spans.filter(\.isFinite),
                            hasTitle: !title.isEmpty, hasXLabel: !xLabel.isEmpty, hasYLabel: !yLabel.isEmpty,
                            rightMargin: 20, xCategories: categories)
        var canvas = Canvas(width: width, height: height)
        axes.draw(on: &canvas, title: title, xLabel: xLabel, yLabel: yLabel)
        for (index, line) in series.enumerated() {
            let color = Canvas.Color.categorical(index)
            let points = line.means.indices.map { (x: axes.pixelX(Double($0)), mean: line.means[$0], spread: line.deviations[$0]) }
            // The band: a vertical stroke per pixel column between neighbouring categories.
            for (a, b) in zip(points, points.dropFirst()) {
                for column in Int(a.x)...Int(b.x) {
                    let t = (Double(column) - a.x) / (b.x - a.x)
                    let mean = a.mean + t * (b.mean - a.mean), spread = a.spread + t * (b.spread - a.spread)
                    let top = axes.pixelY(mean + spread), bottom = axes.pixelY(mean - spread)
                    canvas.fillRect(x: column, y: Int(top), width: 1, height: max(1, Int(bottom - top)), color: color, alpha: 0.12)
                }
            }
            for (a, b) in zip(points, points.dropFirst()) {
                canvas.drawLine(from: (a.x, axes.pixelY(a.mean)), to: (b.x, axes.pixelY(b.mean)), color: color, lineWidth: 2)
            }
            for point in points {
                let top = axes.pixelY(point.mean + point.spread), bottom = axes.pixelY(point.mean - point.spread)
                canvas.drawLine(from: (point.x, top), to: (point.x, bottom), color: color, lineWidth: 1.2)
                for y in [top, bottom] { canvas.drawLine(from: (point.x - 4, y), to: (point.x + 4, y), color: color, lineWidth: 1.2) }
                canvas.fillCircle(center: (point.x, axes.pixelY(point.mean)), radius: 3.5, color: color)
            }
        }
        drawLegend(on: &canvas, right: axes.right - 8, bottom: axes.bottom - 8)
        return canvas.image
    }

    /// In the lower right corner, where accuracy-like curves rarely are.
    private func drawLegend(on canvas: inout Canvas, right: Int, bottom: Int) {
        guard !series.isEmpty else { return }
        let width = (series.map { BitmapFont.width(of: $0.name) }.max() ?? 0) + 30
        let height = series.count * 13 + 8, left = right - width, top = bottom - height
        canvas.fillRect(x: left, y: top, width: width, height: height, color: .white, alpha: 0.9)
        let border = Canvas.Color(grey: 0.7)
        for (x, y, w, h) in [(left, top, width, 1), (left, top + height - 1, width, 1), (left, top, 1, height),
                             (left + width - 1, top, 1, height)] {
            canvas.fillRect(x: x, y: y, width: w, height: h, color: border)
        }
        for (index, line) in series.enumerated() {
            let y = top + 6 + index * 13
            canvas.fillCircle(center: (Double(left) + 10, Double(y) + 3.5), radius: 3.5, color: .categorical(index))
            canvas.drawText(line.name, x: left + 20, y: y, color: Canvas.Color(grey: 0.15))
        }
    }
}
