import ImageFiles

/// A confusion-matrix heat map: rows are true classes, columns predicted ones, each cell shaded by
/// its share of the row and labelled with its count, class names on both axes.
public struct ConfusionMatrixPlot {
    public var counts: [[Int]]
    public var classNames: [String]
    /// The columns' names, when the predictions are another set of classes than the true ones
    /// (a digit network's digits against garment classes).
    public var predictedNames: [String]
    public var title: String

    public init(counts: [[Int]], classNames: [String], predictedNames: [String]? = nil, title: String = "Confusion matrix") {
        let columns = predictedNames ?? classNames
        precondition(!classNames.isEmpty && counts.count == classNames.count && columns.count == classNames.count
                     && counts.allSatisfy { $0.count == classNames.count },
                     "confusion matrix \(counts.count)x\(counts.first?.count ?? 0) for \(classNames.count) class names")
        (self.counts, self.classNames, self.predictedNames, self.title) = (counts, classNames, columns, title)
    }

    public func render(cellSize: Int = 40) -> Image {
        let n = classNames.count, glyph = BitmapFont.glyphHeight
        let widestName = (classNames + predictedNames).map { BitmapFont.width(of: $0) }.max()!
        let widestCount = counts.joined().map { BitmapFont.width(of: String($0)) }.max()!
        let cell = max(cellSize, widestCount + 8)
        let titleHeight = title.isEmpty ? 0 : glyph * PlotAxes.titleScale + 12
        let left = 8 + glyph + 10 + widestName + 8, top = 12 + titleHeight
        let gridSize = n * cell
        let width = max(left + gridSize + 16, BitmapFont.width(of: title, scale: PlotAxes.titleScale) + 24)
        let height = top + gridSize + 8 + widestName + 10 + glyph + 10
        var canvas = Canvas(width: width, height: height)
        let text = Canvas.Color(grey: 0.15), dark = Canvas.Color(hex: 0x08306B)

        for (row, rowCounts) in counts.enumerated() {
            let total = rowCounts.reduce(0, +)
            for (column, count) in rowCounts.enumerated() {
                let share = total == 0 ? 0 : Float(count) / Float(total)
                let x = left + column * cell, y = top + row * cell
                canvas.fillRect(x: x, y: y, width: cell, height: cell, color: dark, alpha: share)
                let label = String(count)
                canvas.drawText(label, x: x + (cell - BitmapFont.width(of: label)) / 2, y: y + (cell - 7) / 2,
                                color: share > 0.5 ? .white : text)
            }
        }
        // Cell borders.
        let line = Canvas.Color(grey: 0.8)
        for i in 0...n {
            canvas.fillRect(x: left, y: top + i * cell, width: gridSize + 1, height: 1, color: line)
            canvas.fillRect(x: left + i * cell, y: top, width: 1, height: gridSize + 1, color: line)
        }
        for (index, name) in classNames.enumerated() {
            let centre = index * cell + cell / 2
            canvas.drawText(name, x: left - 6 - BitmapFont.width(of: name), y: top + centre - 4, color: text)
            canvas.drawText(predictedNames[index], x: left + centre - 4, y: top + gridSize + 6, color: text, vertical: true)
        }
        let trueLabel = "true class", predictedLabel = "predicted class"
        canvas.drawText(trueLabel, x: 8, y: top + (gridSize - BitmapFont.width(of: trueLabel)) / 2, color: text, vertical: true)
        canvas.drawText(predictedLabel, x: left + (gridSize - BitmapFont.width(of: predictedLabel)) / 2,
                        y: top + gridSize + 8 + widestName + 6, color: text)
        if !title.isEmpty {
            canvas.drawText(title, x: (width - BitmapFont.width(of: title, scale: PlotAxes.titleScale)) / 2, y: 12,
                            scale: PlotAxes.titleScale)
        }
        return canvas.image
    }
}
