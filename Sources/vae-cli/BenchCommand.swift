import ArgumentParser
import Foundation
import NN

/// `vae-cli bench`: the OpenBLAS sgemm ceiling and every W1/W2 convolution measured in one run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure sgemm and the W1/W2 convolutions (build with -c release).")

    @Option(help: "Timed repetitions per figure; the median is reported.")
    var repetitions = 5

    @Option(help: "Worker threads (default: the machine's cores).")
    var threads: Int?

    @Option(help: "Only workload layers whose name contains this text (e.g. W2, enc, conv1).")
    var only: String?

    @Option(help: "Also write the figures as JSON to this file.")
    var json: String?

    func run() throws {
        if let threads {
            guard threads > 0 else { throw ValidationError("--threads must be positive") }
            Parallel.workers = threads
        }
        #if DEBUG
        print("warning: this is a debug build; figures mean little. Use `swift run -c release vae-cli bench`.")
        #endif
        print("OpenBLAS: \(BLASThreads.configuration); \(Parallel.workers) threads; median of \(repetitions) runs")
        let ceiling = SGEMMBenchmark.gflops(size: 2048, repetitions: repetitions, openBLASThreads: true)
        let split = SGEMMBenchmark.gflops(size: 2048, repetitions: repetitions, openBLASThreads: false)
        print(String(format: "sgemm 2048^3: %.1f GFLOP/s with OpenBLAS's threads (the ceiling below); "
                     + "%.1f GFLOP/s split over our workers\n", ceiling, split))

        let shapes = (ConvolutionWorkloads.w1 + ConvolutionWorkloads.w2).filter { shape in
            guard let only else { return true }
            return "\(shape.workload) \(shape.name)".localizedCaseInsensitiveContains(only)
        }
        guard !shapes.isEmpty else { throw ValidationError("no workload layer matches --only \(only ?? "")") }
        print("layer            kind   batch  in->out  size  k/s/p/g     fwd ms  GFLOP/s  of sgemm   bwd ms  GFLOP/s  of sgemm")
        var records: [[String: Any]] = []
        for shape in shapes {
            let r = ConvolutionBenchmark.measure(shape, repetitions: repetitions)
            let fwdRate = shape.forwardFLOP / r.forwardSeconds / 1e9
            let bwdRate = 2 * shape.forwardFLOP / r.backwardSeconds / 1e9
            print(String(format: "%@ %-12@ %-5@ %5d %4d->%-4d %4d  %2d/%d/%d/%d  %9.2f %8.1f %8.0f%% %8.2f %8.1f %8.0f%%",
                         shape.workload, shape.name, shape.kind.rawValue, shape.batch, shape.inputChannels,
                         shape.outputChannels, shape.size, shape.kernel, shape.stride, shape.padding, shape.groups,
                         r.forwardSeconds * 1e3, fwdRate, 100 * fwdRate / ceiling,
                         r.backwardSeconds * 1e3, bwdRate, 100 * bwdRate / ceiling))
            records.append([
                "workload": shape.workload, "layer": shape.name, "kind": shape.kind.rawValue,
                "batch": shape.batch, "input_channels": shape.inputChannels, "output_channels": shape.outputChannels,
                "size": shape.size, "kernel": shape.kernel, "stride": shape.stride, "padding": shape.padding,
                "groups": shape.groups, "forward_gflop": shape.forwardFLOP / 1e9,
                "forward_ms": r.forwardSeconds * 1e3, "forward_gflops": fwdRate, "forward_of_sgemm": fwdRate / ceiling,
                "backward_ms": r.backwardSeconds * 1e3, "backward_gflops": bwdRate, "backward_of_sgemm": bwdRate / ceiling,
                "sgemm_gflops": ceiling, "threads": BLASThreads.count, "repetitions": repetitions,
            ])
        }
        if let json {
            let data = try JSONSerialization.data(withJSONObject: records, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: json), options: .atomic)
            print("wrote \(json)")
        }
    }
}
