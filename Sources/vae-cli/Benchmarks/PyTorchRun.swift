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
        let record = try PythonScriptRecord.run(python: python, script: script, arguments: ["--no-mm", "--steps", String(steps)])
        guard let w1 = PythonScriptRecord.imagesPerSecond(record, "w1"), let w2 = PythonScriptRecord.imagesPerSecond(record, "w2") else {
            throw CLIError("\(script): printed no JSON line with W1 and W2 images/s")
        }
        return PyTorchRun(version: record["torch"] as? String ?? "?", w1ImagesPerSecond: w1, w2ImagesPerSecond: w2)
    }
}
