import Foundation
import ImageFiles

/// A report's files in one folder (made if missing): text and JSON first, then pictures, each
/// written atomically so an interrupted run leaves no half file.
enum ReportFolder {
    /// JSON as every report writes it: indented, keys sorted, slashes left alone.
    static func json<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// Returns the paths written, in order.
    static func write(files: [(name: String, data: Data)], pictures: [(name: String, image: Image)],
                      to folder: String) throws -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ClassifierError.cannotWrite(file: folder, reason: (error as NSError).localizedDescription)
        }
        var written: [String] = []
        for (name, data) in files {
            let path = (folder as NSString).appendingPathComponent(name)
            do {
                try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw ClassifierError.cannotWrite(file: path, reason: (error as NSError).localizedDescription)
            }
            written.append(path)
        }
        for (name, image) in pictures {
            let path = (folder as NSString).appendingPathComponent(name)
            try image.writePNG(to: path)
            written.append(path)
        }
        return written
    }
}
