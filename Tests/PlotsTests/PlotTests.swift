import Foundation
import ImageFiles
import Plots
import Testing

/// Renders each plot to /tmp (look at them: they should be legible) and checks what can be checked
/// by pixels: sizes, colours present where series and cells are drawn.
@Suite struct PlotTests {
    static let fashionClasses = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                 "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    /// Whether any pixel is within 0.02 of `color` in every channel.
    static func contains(_ image: Image, _ color: Canvas.Color) -> Bool {
        let plane = image.width * image.height
        return (0..<plane).contains { i in
            abs(image.pixels[i] - color.red) < 0.02 && abs(image.pixels[plane + i] - color.green) < 0.02
                && abs(image.pixels[2 * plane + i] - color.blue) < 0.02
        }
    }

    @Test func lossCurves() throws {
        var plot = LinePlot(title: "VAE training", xLabel: "step", yLabel: "loss per image")
        let steps = (0...300).map { Double($0 * 10) }
        plot.addSeries("reconstruction", steps: steps, values: steps.map { 120 * exp(-$0 / 600) + 35 + 3 * sin($0 / 37) })
        plot.addSeries("KL", steps: steps, values: steps.map { 25 * (1 - exp(-$0 / 400)) + 2 })
        plot.addSeries("validation", steps: steps.filter { $0.truncatingRemainder(dividingBy: 500) == 0 },
                       values: steps.filter { $0.truncatingRemainder(dividingBy: 500) == 0 }.map { 120 * exp(-$0 / 600) + 40 })
        let image = plot.render(width: 800, height: 480)
        #expect((image.width, image.height) == (800, 480))
        for series in 0..<3 { #expect(Self.contains(image, .categorical(series)), "series \(series) drawn") }
        try image.writePNG(to: "/tmp/imageio-loss-curves.png")
    }

    @Test func confusionMatrix() throws {
        var counts = [[Int]](repeating: [Int](repeating: 0, count: 10), count: 10)
        for t in 0..<10 { for p in 0..<10 { counts[t][p] = t == p ? 850 - 40 * (t % 4) : (t * 7 + p * 3) % 23 } }
        counts[6][0] = 120; counts[0][6] = 95; counts[4][2] = 88
        let image = ConfusionMatrixPlot(counts: counts, classNames: Self.fashionClasses, title: "Fashion-MNIST test").render()
        #expect(image.width > 10 * 40 && image.height > 10 * 40)
        // Each diagonal cell is shaded by its share of the row: white mixed towards dark blue.
        let dark = Canvas.Color(hex: 0x08306B)
        for t in [0, 6] {
            let share = Float(counts[t][t]) / Float(counts[t].reduce(0, +))
            let shade = Canvas.Color(red: 1 + share * (dark.red - 1), green: 1 + share * (dark.green - 1),
                                     blue: 1 + share * (dark.blue - 1))
            #expect(Self.contains(image, shade), "row \(t) diagonal shade")
        }
        try image.writePNG(to: "/tmp/imageio-confusion-matrix.png")
    }

    @Test func scatterOfClusters() throws {
        var x = [Double](), y = [Double](), labels = [Int]()
        for label in 0..<10 {
            let angle = Double(label) / 10 * 2 * Double.pi
            for i in 0..<60 {
                let r = Double((i * 37 + label * 11) % 60) / 60 * 6
                let a = Double(i) * 2.399
                x.append(30 * cos(angle) + r * cos(a)); y.append(30 * sin(angle) + r * sin(a)); labels.append(label)
            }
        }
        let image = ScatterPlot(x: x, y: y, labels: labels, classNames: Self.fashionClasses, title: "t-SNE of features").render()
        for label in 0..<10 { #expect(Self.contains(image, .categorical(label)), "class \(label) drawn") }
        try image.writePNG(to: "/tmp/imageio-scatter.png")
    }
}
