import ImageFiles

/// Named series over steps (loss curves) drawn as lines, with axes, round ticks and a legend.
public struct LinePlot {
    public struct Series: Sendable {
        public var name: String
        public var steps: [Double]
        public var values: [Double]
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// Names for x = 0, 1, 2, ... (a plot against layers); empty for a numeric x axis.
    public var xCategories: [String] = []
    /// Values the y axis covers even where no series reaches (0 and 1 for a similarity).
    public var yCovers: [Double] = []
    public private(set) var series: [Series] = []

    public init(title: String = "", xLabel: String = "step", yLabel: String = "loss") {
        (self.title, self.xLabel, self.yLabel) = (title, xLabel, yLabel)
    }

    /// Adds a series; non-finite values (a diverged step) leave a gap in its line.
    public mutating func addSeries(_ name: String, steps: [Double], values: [Double]) {
        precondition(steps.count == values.count, "series \(name): \(steps.count) steps but \(values.count) values")
        series.append(Series(name: name, steps: steps, values: values))
    }

    public func render(width: Int = 800, height: Int = 480) -> Image {
        let finite = series.flatMap { zip($0.steps, $0.values).filter { $0.0.isFinite && $0.1.isFinite } }
        let axes = PlotAxes(width: width, height: height, x: finite.map(\.0), y: finite.map(\.1) + yCovers,
                            hasTitle: !title.isEmpty, hasXLabel: !xLabel.isEmpty, hasYLabel: !yLabel.isEmpty,
                            rightMargin: 20, xCategories: xCategories)
        var canvas = Canvas(width: width, height: height)
        axes.draw(on: &canvas, title: title, xLabel: xLabel, yLabel: yLabel)

        for (index, line) in series.enumerated() {
            let color = Canvas.Color.categorical(index)
            var previous: (x: Double, y: Double)?
            for (step, value) in zip(line.steps, line.values) {
                guard step.isFinite && value.isFinite else { previous = nil; continue }
                let point = (x: axes.pixelX(step), y: axes.pixelY(value))
                canvas.drawLine(from: previous ?? point, to: point, color: color, lineWidth: previous == nil ? 3 : 1.6)
                previous = point
            }
        }
        drawLegend(on: &canvas, right: axes.right - 8, top: axes.top + 8)
        return canvas.image
    }

    private func drawLegend(on canvas: inout Canvas, right: Int, top: Int) {
        guard !series.isEmpty else { return }
        let sample = 18, width = (series.map { BitmapFont.width(of: $0.name) }.max() ?? 0) + sample + 18
        let height = series.count * 13 + 8, left = right - width
        canvas.fillRect(x: left, y: top, width: width, height: height, color: .white, alpha: 0.9)
        let border = Canvas.Color(grey: 0.7)
        canvas.fillRect(x: left, y: top, width: width, height: 1, color: border)
        canvas.fillRect(x: left, y: top + height - 1, width: width, height: 1, color: border)
        canvas.fillRect(x: left, y: top, width: 1, height: height, color: border)
        canvas.fillRect(x: left + width - 1, y: top, width: 1, height: height, color: border)
        for (index, line) in series.enumerated() {
            let y = top + 6 + index * 13
            canvas.drawLine(from: (Double(left + 6), Double(y) + 3.5), to: (Double(left + 6 + sample), Double(y) + 3.5),
                            color: .categorical(index), lineWidth: 2)
            canvas.drawText(line.name, x: left + sample + 12, y: y, color: Canvas.Color(grey: 0.15))
        }
    }
}
