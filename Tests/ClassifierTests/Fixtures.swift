import Foundation
import ImageFiles
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

    static let shapeClasses = ["circle", "cross", "square", "triangle"]

    /// A `size` x `size` picture of one filled outline (circle, cross, square, triangle) of random
    /// size and place, in two random colours: a class told by shape alone, since every local edge
    /// direction occurs in several classes.
    static func shape(_ kind: String, size: Int = 48, using generator: inout SeededGenerator) -> Image {
        func colour() -> [Float] { (0..<3).map { _ in generator.nextUniform() } }
        let background = colour()
        var foreground = colour()
        while zip(background, foreground).map({ abs($0 - $1) }).reduce(0, +) < 0.9 { foreground = colour() }
        let radius = Float(size) * (0.2 + 0.15 * generator.nextUniform())
        let cx = radius + generator.nextUniform() * (Float(size) - 2 * radius)
        let cy = radius + generator.nextUniform() * (Float(size) - 2 * radius)
        var image = Image(width: size, height: size, red: 0, green: 0, blue: 0)
        for y in 0..<size {
            for x in 0..<size {
                let u = (Float(x) + 0.5 - cx) / radius, v = (Float(y) + 0.5 - cy) / radius
                let on: Bool
                switch kind {
                case "circle": on = u * u + v * v < 1
                case "cross": on = (abs(u) < 0.3 && abs(v) < 1) || (abs(v) < 0.3 && abs(u) < 1)
                case "square": on = abs(u) < 0.8 && abs(v) < 0.8
                default: on = v < 0.8 && v > -1 && abs(u) < (v + 1) / 1.8 * 0.9   // pointing up
                }
                for c in 0..<3 { image[c, y, x] = on ? foreground[c] : background[c] }
            }
        }
        return image
    }

    /// `root/<split>/<shape>/<n>.png`, `perClass` pictures per class in each split.
    static func shapeFolder(root: String, perClass: Int, seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        for split in ["train", "validation", "test"] {
            for kind in shapeClasses {
                let folder = "\(root)/\(split)/\(kind)"
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                for n in 0..<perClass { try shape(kind, using: &generator).writePNG(to: "\(folder)/\(n).png") }
            }
        }
    }

    /// A folder with Fashion-MNIST's file names (`train-` and `t10k-images-idx3-ubyte`, and their
    /// labels) holding `perClass` grey 28x28 stripes per class, horizontal (label 0) and vertical
    /// (label 1), in each file.
    static func idxStripes(root: String, perClass: Int, seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        func bigEndian(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
        for prefix in ["train", "t10k"] {
            var pixels: [UInt8] = [], labels: [UInt8] = []
            for n in 0..<2 * perClass {
                let label = n % 2, period = 4 + Int(generator.nextUniform() * 5), phase = Int(generator.nextUniform() * 8)
                for y in 0..<28 {
                    for x in 0..<28 { pixels.append(((label == 0 ? y : x) + phase) % period < period / 2 ? 230 : 20) }
                }
                labels.append(UInt8(label))
            }
            try Data([0, 0, 8, 3] + bigEndian(labels.count) + bigEndian(28) + bigEndian(28) + pixels)
                .write(to: URL(fileURLWithPath: "\(root)/\(prefix)-images-idx3-ubyte"))
            try Data([0, 0, 8, 1] + bigEndian(labels.count) + labels).write(to: URL(fileURLWithPath: "\(root)/\(prefix)-labels-idx1-ubyte"))
        }
    }

    /// The error `body` throws, if any.
    static func failure<E: Error>(_ type: E.Type, _ body: () throws -> Void) -> E? {
        do { try body() } catch let error as E { return error } catch { return nil }
        return nil
    }
}
