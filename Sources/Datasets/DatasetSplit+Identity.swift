import Foundation

extension DatasetSplit {
    /// The split as text, one example a line: its name, its class and, for a file, its size in
    /// bytes. Ranks of an MPI job compare digests of it to find out that they see other data
    /// (another copy of a folder on another host, a file missing or changed on one of them).
    public var identity: String {
        var lines = ["\(name.rawValue) \(examples.count)"]
        for example in examples {
            var line = "\(example.name)\t\(example.label.map(String.init) ?? "-")"
            if case .file(let path) = example.source {
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
                line += "\t\(size)"
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
