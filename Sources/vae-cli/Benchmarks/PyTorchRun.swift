import Foundation

/// PyTorch's figures for W1 and W2 measured in the bench's own run, by the reference script
/// shared/bench/torch_ref.py under a Python that has torch. The figures in BASELINE.md come from
/// one machine on one day; the host under a run may be another, so a same-run figure is the
/// fair comparison.
struct PyTorchRun {
    let version: String
    let w1ImagesPerSecond: Double
    let w2ImagesPerSecond: Double

    /// Runs `script` with `python` (`steps` timed steps per workload after its warm-up).
    static func measure(python: String, script: String, steps: Int) throws -> PyTorchRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script, "--no-mm", "--steps", String(steps)]
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
        return try parse(printed, script: script)
    }

    /// The figures from the script's `JSON {…}` line (its last).
    static func parse(_ printed: String, script: String) throws -> PyTorchRun {
        guard let line = printed.split(separator: "\n").last(where: { $0.hasPrefix("JSON ") }),
              let record = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(5).utf8)) as? [String: Any],
              let w1 = (record["w1"] as? [String: Any])?["images_per_s"] as? Double,
              let w2 = (record["w2"] as? [String: Any])?["images_per_s"] as? Double
        else { throw CLIError("\(script): printed no JSON line with W1 and W2 images/s") }
        return PyTorchRun(version: record["torch"] as? String ?? "?", w1ImagesPerSecond: w1, w2ImagesPerSecond: w2)
    }
}
