import Foundation
import ImageIO
import NN

/// Small datasets written by the tests themselves.
enum Fixtures {
    /// A fresh empty folder under the system temporary folder.
    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("ClassifierTests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let patternClasses = ["checks", "dots", "horizontal", "vertical"]

    /// A `size` x `size` picture of a pattern class in two random colours, with a random period
    /// and phase: stripes across, stripes down, a grid of dots, or a checkerboard.
    static func pattern(_ kind: String, size: Int = 48, using generator: inout SeededGenerator) -> Image {
        func colour() -> [Float] { (0..<3).map { _ in generator.nextUniform() } }
        let background = colour()
        var foreground = colour()
        while zip(background, foreground).map({ abs($0 - $1) }).reduce(0, +) < 0.9 { foreground = colour() }
        let period = 6 + Int(generator.nextUniform() * 7)   // 6...12 pixels
        let phaseX = Int(generator.nextUniform() * Float(period)), phaseY = Int(generator.nextUniform() * Float(period))
        let half = Float(period) / 2
        var image = Image(width: size, height: size, red: 0, green: 0, blue: 0)
        for y in 0..<size {
            for x in 0..<size {
                let u = (x + phaseX) % period, v = (y + phaseY) % period
                let on: Bool
                switch kind {
                case "horizontal": on = Float(v) < half
                case "vertical": on = Float(u) < half
                case "dots":
                    let dx = Float(u) - half, dy = Float(v) - half
                    on = dx * dx + dy * dy < half * half * 0.45
                default: on = ((x + phaseX) / Int(half.rounded(.up)) + (y + phaseY) / Int(half.rounded(.up))) % 2 == 0
                }
                for c in 0..<3 { image[c, y, x] = on ? foreground[c] : background[c] }
            }
        }
        return image
    }

    /// `root/<split>/<class>/<n>.png` with `perClass` pictures per class in each split (or
    /// `root/<class>/<n>.png` when `splits` is empty).
    static func patternFolder(root: String, splits: [String] = ["train", "validation", "test"], perClass: Int,
                              classes: [String] = patternClasses, seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        for split in splits.isEmpty ? [""] : splits {
            for kind in classes {
                let folder = split.isEmpty ? "\(root)/\(kind)" : "\(root)/\(split)/\(kind)"
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                for n in 0..<perClass {
                    try pattern(kind, using: &generator).writePNG(to: "\(folder)/\(n).png")
                }
            }
        }
    }

    /// The error `body` throws, if any.
    static func failure<E: Error>(_ type: E.Type, _ body: () throws -> Void) -> E? {
        do { try body() } catch let error as E { return error } catch { return nil }
        return nil
    }
}
