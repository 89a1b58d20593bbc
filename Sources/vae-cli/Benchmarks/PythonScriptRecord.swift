import Foundation

/// The record a reference script prints as its last `JSON {…}` line, after running it under a
/// Python of the user's choice (one with torch). Both PyTorch comparisons of `bench` read their
/// figures this way.
enum PythonScriptRecord {
    static func run(python: String, script: String, arguments: [String]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script] + arguments
        // One pipe for both streams, read to its end before waiting: two pipes read one after the
        // other could block the script on the second; a failure's last line is its message.
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do { try process.run() } catch { throw CLIError("\(python): could not be started: \(error.localizedDescription)") }
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let last = printed.split(separator: "\n").last.map(String.init) ?? "no message"
            throw CLIError("\(python) \(script) exited with status \(process.terminationStatus): \(last)")
        }
        guard let line = printed.split(separator: "\n").last(where: { $0.hasPrefix("JSON ") }),
              let record = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(5).utf8)) as? [String: Any] else {
            throw CLIError("\(script): printed no JSON line")
        }
        return record
    }

    /// `record[workload]["images_per_s"]`, the figure every reference script gives per workload.
    static func imagesPerSecond(_ record: [String: Any], _ workload: String) -> Double? {
        (record[workload] as? [String: Any])?["images_per_s"] as? Double
    }
}
