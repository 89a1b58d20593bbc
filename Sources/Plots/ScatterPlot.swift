import ImageFiles

/// Labelled 2-D points (a t-SNE map) as dots, one colour per class, with a legend on the right.
public struct ScatterPlot {
    public var x: [Double]
    public var y: [Double]
    public var labels: [Int]
    public var classNames: [String]
    public var title: String

    public init(x: [Double], y: [Double], labels: [Int], classNames: [String], title: String = "") {
        precondition(x.count == y.count && x.count == labels.count,
                     "scatter plot with \(x.count) x, \(y.count) y and \(labels.count) labels")
        precondition(labels.allSatisfy { $0 >= 0 && $0 < classNames.count },
                     "scatter labels must index the \(classNames.count) class names")
        (self.x, self.y, self.labels, self.classNames, self.title) = (x, y, labels, classNames, title)
    }

    public func render(width: Int = 760, height: Int = 600, dotRadius: Double = 2) -> Image {
        let legendWidth = (classNames.map { BitmapFont.width(of: $0) }.max() ?? 0) + 30
        let finite = zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }
        let axes = PlotAxes(width: width, height: height, x: finite.map(\.0), y: finite.map(\.1),
                            hasTitle: !title.isEmpty, hasXLabel: false, hasYLabel: false,
                            rightMargin: legendWidth + 16)
        var canvas = Canvas(width: width, height: height)
        axes.draw(on: &canvas, title: title, xLabel: "", yLabel: "")
        for i in x.indices where x[i].isFinite && y[i].isFinite {
            canvas.fillCircle(center: (axes.pixelX(x[i]), axes.pixelY(y[i])), radius: dotRadius,
                              color: .categorical(labels[i]), alpha: 0.8)
        }
        let left = axes.right + 14
        for (index, name) in classNames.enumerated() {
            let top = axes.top + index * 14
            canvas.fillCircle(center: (Double(left) + 4, Double(top) + 3.5), radius: 4, color: .categorical(index))
            canvas.drawText(name, x: left + 14, y: top, color: Canvas.Color(grey: 0.15))
        }
        return canvas.image
    }
}
