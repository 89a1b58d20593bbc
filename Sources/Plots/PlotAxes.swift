import Foundation

/// The frame shared by the line and scatter plots: data ranges widened to round tick values
/// (1, 2 or 5 times a power of ten), the mapping from data to pixels, and the drawing of the grid,
/// axes, tick labels, axis titles and plot title.
struct PlotAxes {
    /// The plot area in pixels; data y grows upwards, pixel y downwards.
    let left: Int, top: Int, right: Int, bottom: Int
    let xRange: ClosedRange<Double>, yRange: ClosedRange<Double>
    let xTicks: [(label: String, value: Double)], yTicks: [(label: String, value: Double)]

    static let titleScale = 2

    /// `x` and `y` hold the finite data values; an empty side becomes 0...1. With `xCategories`,
    /// x is their index instead: one labelled tick each at 0, 1, ..., half a step of margin.
    init(width: Int, height: Int, x: [Double], y: [Double], hasTitle: Bool, hasXLabel: Bool,
         hasYLabel: Bool, rightMargin: Int, xCategories: [String]? = nil) {
        let (xRange, xTicks) = xCategories.map { names in
            (-0.5...Double(names.count) - 0.5, names.enumerated().map { (label: $1, value: Double($0)) })
        } ?? Self.ticks(for: x)
        let (yRange, yTicks) = Self.ticks(for: y)
        let widestY = yTicks.map { BitmapFont.width(of: $0.label) }.max() ?? 0
        left = 8 + (hasYLabel ? BitmapFont.glyphHeight + 8 : 0) + widestY + 8
        top = hasTitle ? 12 + BitmapFont.glyphHeight * Self.titleScale + 10 : 12
        right = width - rightMargin
        bottom = height - (8 + BitmapFont.glyphHeight + 6 + (hasXLabel ? BitmapFont.glyphHeight + 8 : 0))
        precondition(right - left > 20 && bottom - top > 20, "plot of \(width)x\(height) is too small for its labels")
        (self.xRange, self.yRange, self.xTicks, self.yTicks) = (xRange, yRange, xTicks, yTicks)
    }

    func pixelX(_ x: Double) -> Double {
        Double(left) + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * Double(right - left)
    }

    func pixelY(_ y: Double) -> Double {
        Double(bottom) - (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * Double(bottom - top)
    }

    func draw(on canvas: inout Canvas, title: String, xLabel: String, yLabel: String) {
        let grid = Canvas.Color(grey: 0.9), axis = Canvas.Color(grey: 0.25), text = Canvas.Color(grey: 0.15)
        let glyph = BitmapFont.glyphHeight
        for (label, value) in xTicks {
            let x = min(Int(pixelX(value)), right)
            canvas.fillRect(x: x, y: top, width: 1, height: bottom - top, color: grid)
            canvas.fillRect(x: x, y: bottom, width: 1, height: 4, color: axis)
            canvas.drawText(label, x: x - BitmapFont.width(of: label) / 2, y: bottom + 7, color: text)
        }
        for (label, value) in yTicks {
            let y = min(Int(pixelY(value)), bottom)
            canvas.fillRect(x: left, y: y, width: right - left, height: 1, color: grid)
            canvas.fillRect(x: left - 4, y: y, width: 4, height: 1, color: axis)
            canvas.drawText(label, x: left - 7 - BitmapFont.width(of: label), y: y - 3, color: text)
        }
        // Frame.
        canvas.fillRect(x: left, y: top, width: right - left + 1, height: 1, color: axis)
        canvas.fillRect(x: left, y: bottom, width: right - left + 1, height: 1, color: axis)
        canvas.fillRect(x: left, y: top, width: 1, height: bottom - top + 1, color: axis)
        canvas.fillRect(x: right, y: top, width: 1, height: bottom - top + 1, color: axis)

        let centreX = (left + right) / 2, centreY = (top + bottom) / 2
        if !xLabel.isEmpty {
            canvas.drawText(xLabel, x: centreX - BitmapFont.width(of: xLabel) / 2, y: bottom + 7 + glyph + 6, color: text)
        }
        if !yLabel.isEmpty {
            canvas.drawText(yLabel, x: 8, y: centreY - BitmapFont.width(of: yLabel) / 2, color: text, vertical: true)
        }
        if !title.isEmpty {
            let width = BitmapFont.width(of: title, scale: Self.titleScale)
            canvas.drawText(title, x: max(4, centreX - width / 2), y: 12, color: .black, scale: Self.titleScale)
        }
    }

    /// Round tick values covering `values` (about five of them) with their labels, and the range
    /// they span.
    static func ticks(for values: [Double]) -> (ClosedRange<Double>, [(label: String, value: Double)]) {
        var low = values.min() ?? 0, high = values.max() ?? 1
        if high - low <= 1e-12 * max(1, abs(low)) {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            (low, high) = (low - pad, high + pad)
        }
        let raw = (high - low) / 5
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let residual = raw / magnitude
        let step = magnitude * (residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10)
        let first = (low / step).rounded(.down), last = (high / step).rounded(.up)
        let decimals = max(0, -Int(log10(step).rounded(.down)))
        let scientific = max(abs(first), abs(last)) * step >= 1e6 || step < 1e-4
        var ticks: [(label: String, value: Double)] = []
        for i in Int(first)...Int(last) {
            let value = Double(i) * step
            let label = scientific ? String(format: "%.3g", value) : String(format: "%.\(decimals)f", value)
            ticks.append((label.hasPrefix("-") && Double(label) == 0 ? String(label.dropFirst()) : label, value))
        }
        return (first * step...last * step, ticks)
    }
}
