import ArgumentParser
import FeatureNetworks
import Foundation
import NN
import VAE

/// `vae-cli bench`: the OpenBLAS sgemm ceiling and every W1/W2 convolution measured in one run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure sgemm and the W1/W2 convolutions (build with -c release).")

    @Option(help: "Timed repetitions per figure; the median is reported.")
    var repetitions = 5

    @OptionGroup var workerThreads: WorkerThreadsOption

    @Option(help: "Only workload layers whose name contains this text (e.g. W2, enc, conv1).")
    var only: String?

    @Option(help: "Also write the figures as JSON to this file.")
    var json: String?

    @Option(help: ArgumentHelp("Tuning: least GEMM columns per im2col chunk.", visibility: .hidden))
    var chunkColumns: Int?

    @Option(help: ArgumentHelp("Tuning: most scalars in one chunk's column matrix.", visibility: .hidden))
    var chunkScalars: Int?

    @Option(help: ArgumentHelp("Tuning: most scalars in one image's column matrix before it goes in row blocks.",
                               visibility: .hidden))
    var imageScalars: Int?

    @Flag(help: "Skip the per-layer convolution table.")
    var skipConvolutions = false

    @Flag(help: "Skip the whole-network workloads (W1 dfc64, W2 fc6_227).")
    var skipNetworks = false

    @Option(help: ArgumentHelp("A Python with torch: PyTorch's W1 and W2 are then measured in this run too.",
                               valueName: "python"))
    var pytorch: String?

    @Option(help: "The PyTorch reference script, run with --pytorch.")
    var pytorchScript = "../shared/bench/torch_ref.py"

    @Flag(help: "Also time W1's step with a random VGG-16 loss network (relu1_2, relu2_2, relu3_3), and PyTorch's with --pytorch (Scripts/torch-vgg-loss-step.py).")
    var vgg = false

    @Option(help: "The PyTorch script of --vgg.")
    var pytorchVGGScript = "Scripts/torch-vgg-loss-step.py"

    @Option(help: ArgumentHelp("Runs of the whole networks (and PyTorch's, with --pytorch); with several, the median of the per-run ratios to PyTorch is printed.",
                               valueName: "n"))
    var runs = 1

    func validate() throws {
        guard repetitions > 0, runs > 0 else { throw ValidationError("--repetitions and --runs must be positive") }
        if pytorch != nil {
            if skipNetworks && !vgg { throw ValidationError("--pytorch compares the networks: drop --skip-networks or add --vgg") }
                let scripts = [(pytorchScript, "--pytorch-script", !skipNetworks), (pytorchVGGScript, "--pytorch-vgg-script", vgg)]
            for (script, option, used) in scripts where used && !FileManager.default.fileExists(atPath: script) {
                throw ValidationError("\(script): no such file (the PyTorch reference script; see \(option))")
            }
        }
    }

    func run() throws {
        workerThreads.apply()
        var limits = ConvChunking.Limits()
        if let chunkColumns { limits.targetColumns = chunkColumns }
        if let chunkScalars { limits.maximumColumnScalars = chunkScalars }
        if let imageScalars { limits.maximumImageScalars = imageScalars }
        try ConvChunking.$limits.withValue(limits) { try measure() }
    }

    private func measure() throws {
        #if DEBUG
        print("warning: this is a debug build; figures mean little. Use `swift run -c release vae-cli bench`.")
        #endif
        let blas = try OpenBLAS.load()
        print(blas.summary)
        print("OpenBLAS: \(blas.configuration) (\(blas.libraryPath)); \(Parallel.workers) threads; median of \(repetitions) runs")
        let sgemm = SGEMMCeiling(size: 2048)
        let ceiling = sgemm.gflops(repetitions: repetitions)
        let split = sgemm.gflops(repetitions: repetitions, openBLASThreads: false)
        print(String(format: "sgemm 2048^3: %.1f GFLOP/s with OpenBLAS's threads (the ceiling); "
                     + "%.1f GFLOP/s split over our workers\n", ceiling, split))

        var records: [[String: Any]] = []
        if !skipConvolutions { records += try convolutionTable(ceiling: ceiling, sgemm: sgemm) }
        if !skipNetworks {
            var ratios: [(w1: Double, w2: Double)] = []
            for run in 1...runs {
                if runs > 1 { print("\n--- networks, run \(run) of \(runs)") }
                var w1 = try trainingStepWorkload(ceiling: ceiling), w2 = try fc6Workload(ceiling: ceiling, sgemm: sgemm)
                if let pytorch {
                    let torch = try PyTorchRun.measure(python: pytorch, script: pytorchScript, steps: max(repetitions, 5))
                    let ratio = (w1: (w1["images_per_s"] as! Double) / torch.w1ImagesPerSecond,
                                 w2: (w2["images_per_s"] as! Double) / torch.w2ImagesPerSecond)
                    ratios.append(ratio)
                    print(String(format: "\nPyTorch %@ in this run: W1 %.1f images/s (ours %.2fx), W2 %.1f images/s (ours %.2fx; "
                                 + "the W2 bound %.2fx)", torch.version, torch.w1ImagesPerSecond, ratio.w1,
                                 torch.w2ImagesPerSecond, ratio.w2, (w2["bound_images_per_s"] as! Double) / torch.w2ImagesPerSecond))
                    w1["pytorch_same_run_images_per_s"] = torch.w1ImagesPerSecond
                    w2["pytorch_same_run_images_per_s"] = torch.w2ImagesPerSecond
                    w1["pytorch_version"] = torch.version
                    w2["pytorch_version"] = torch.version
                }
                w1["run"] = run
                w2["run"] = run
                records += [w1, w2]
            }
            if ratios.count > 1 {
                func listed(_ values: [Double]) -> String { values.map { String(format: "%.2f", $0) }.joined(separator: ", ") }
                print(String(format: "\nours ÷ PyTorch, median of %d per-run ratios: W1 %.2fx (%@), W2 %.2fx (%@)", ratios.count,
                             Stopwatch.median(ratios.map(\.w1)), listed(ratios.map(\.w1)),
                             Stopwatch.median(ratios.map(\.w2)), listed(ratios.map(\.w2))))
            }
        }
        if vgg { records += try vggLossWorkload() }
        if let json {
            let machine: [String: Any] = ["processor": blas.processor.summary, "openblas_core": blas.choice.core,
                                          "openblas_core_reason": blas.choice.explanation,
                                          "openblas_version": blas.version]
            records = records.map { $0.merging(machine) { ours, _ in ours } }
            let data = try JSONSerialization.data(withJSONObject: records, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: json), options: .atomic)
            print("wrote \(json)")
        }
    }

    /// W1 `dfc64`: the trainer's own training step with the Caffe AlexNet perceptual loss.
    private func trainingStepWorkload(ceiling: Double) throws -> [String: Any] {
        let batch = 64
        let lossNet = try TrainingStepBenchmark.lossNetwork()
        let r = try TrainingStepBenchmark.run(lossNet: lossNet, repetitions: repetitions, batch: batch)
        let rate = Double(batch) / r.stepSeconds
        print(String(format: "\nW1 dfc64 (VAETrainer step, Caffe AlexNet loss relu1-3, B=%d): %.1f images/s = %.2fx PyTorch's %.1f; "
                     + "the GEMMs alone would allow %.0f", batch, rate, rate / PyTorchReference.w1ImagesPerSecond,
                     PyTorchReference.w1ImagesPerSecond, PyTorchReference.w1GEMMBoundImagesPerSecond))
        print("phase                      ms    share")
        for phase in TrainingStepBenchmark.phases {
            let t = r.phaseSeconds[phase] ?? 0
            print(padded(phase, 24) + String(format: " %7.2f %6.1f%%", t * 1e3, 100 * t / r.stepSeconds))
        }
        let variants = try stepVariants(lossNet: lossNet, batch: batch, w1StepSeconds: r.stepSeconds)
        // The loss net's stages at 64x64 (LRN and pooling against the convolution before them).
        var generator = SeededGenerator(seed: 14)
        let images = Tensor.uniform(shape: [batch, 3, 64, 64], using: &generator)
        print("loss net stage, forward + backward (frozen weights)   ms   vs the conv before (paired, median)")
        var lossNetStages: [[String: Any]] = []
        for s in NetworkBenchmark.forwardAndBackward(lossNet, input: images, repetitions: repetitions) {
            let relative = s.ofConvolutionBefore.map { String(format: "%5.1f%%", 100 * $0) } ?? ""
            print(padded(s.name, 10) + " " + padded(s.kind, 18) + String(format: " %7.2f   ", s.seconds * 1e3) + relative)
            var record: [String: Any] = ["stage": s.name, "kind": s.kind, "forward_backward_ms": s.seconds * 1e3]
            if let ratio = s.ofConvolutionBefore { record["of_convolution_before"] = ratio }
            lossNetStages.append(record)
        }
        return ["workload": "W1", "layer": "dfc64", "batch": batch, "images_per_s": rate,
                "loss_net_stages": lossNetStages, "variants": variants,
                "pytorch_images_per_s": PyTorchReference.w1ImagesPerSecond, "step_ms": r.stepSeconds * 1e3,
                "phases_ms": r.phaseSeconds.mapValues { $0 * 1e3 }, "sgemm_gflops": ceiling, "repetitions": repetitions]
    }

    /// W1 with a VGG-16 loss network, `runs` times, each against PyTorch's step in the same run.
    private func vggLossWorkload() throws -> [[String: Any]] {
        let lossNet = try VGGLossBenchmark.lossNetwork()
        var records: [[String: Any]] = [], ratios: [Double] = []
        for run in 1...runs {
            let r = try TrainingStepBenchmark.run(lossNet: lossNet, repetitions: repetitions, lossLayers: VGGLossBenchmark.layers)
            let rate = 64 / r.stepSeconds
            var record: [String: Any] = ["workload": "W1-vgg16", "run": run, "images_per_s": rate, "step_ms": r.stepSeconds * 1e3,
                                         "phases_ms": r.phaseSeconds.mapValues { $0 * 1e3 }, "repetitions": repetitions]
            var line = String(format: "\nW1 with a VGG-16 loss (relu1_2, relu2_2, relu3_3, random weights), run %d: %.1f images/s, step %.0f ms",
                              run, rate, r.stepSeconds * 1e3)
            if let pytorch {
                let torch = try VGGLossBenchmark.pytorch(python: pytorch, script: pytorchVGGScript, steps: max(repetitions, 3))
                ratios.append(rate / torch.imagesPerSecond)
                record["pytorch_same_run_images_per_s"] = torch.imagesPerSecond
                record["pytorch_version"] = torch.version
                line += String(format: "; PyTorch %@ %.1f images/s (ours %.2fx)", torch.version, torch.imagesPerSecond, ratios.last!)
            }
            print(line)
            records.append(record)
        }
        if ratios.count > 1 {
            print(String(format: "W1 VGG-16, ours ÷ PyTorch, median of %d per-run ratios: %.2fx (%@)", ratios.count,
                         Stopwatch.median(ratios), ratios.map { String(format: "%.2f", $0) }.joined(separator: ", ")))
        }
        return records
    }

    /// W1's step with the issue-14 choices (`--decoder upsample`, `--loss-input-scale 2`), each
    /// against W1's own step: what removing the checkerboard and the loss net's blind lattice costs.
    private func stepVariants(lossNet: FeatureNetwork, batch: Int, w1StepSeconds: Double) throws -> [[String: Any]] {
        let variants: [(name: String, decoder: DecoderKind, scale: Int)] = [
            ("--decoder upsample", .upsample, 1), ("--loss-input-scale 2", .transposed, 2), ("both", .upsample, 2),
        ]
        var records: [[String: Any]] = []
        for v in variants {
            let r = try TrainingStepBenchmark.run(lossNet: lossNet, repetitions: repetitions, batch: batch,
                                                  decoder: v.decoder, lossInputScale: v.scale)
            func ms(_ phase: TrainingStepPhase) -> Double { (r.phaseSeconds[phase.rawValue] ?? 0) * 1e3 }
            print(padded("W1 with " + v.name, 32) + String(format: " %6.1f images/s, step %7.2f ms (%.2fx W1's); VAE fwd %.2f, "
                                                           + "loss %.2f, VAE bwd %.2f ms", Double(batch) / r.stepSeconds,
                                                           r.stepSeconds * 1e3, r.stepSeconds / w1StepSeconds, ms(.vaeForward),
                                                           ms(.perceptualLoss), ms(.vaeBackward)))
            records.append(["variant": v.name, "images_per_s": Double(batch) / r.stepSeconds, "step_ms": r.stepSeconds * 1e3,
                            "phases_ms": r.phaseSeconds.mapValues { $0 * 1e3 }])
        }
        return records
    }

    /// W2 `fc6_227`: Caffe AlexNet (random weights) through fc6 + ReLU, batch 32, forward only.
    private func fc6Workload(ceiling: Double, sgemm: SGEMMCeiling) throws -> [String: Any] {
        let network = try ReferenceAlexNet.random(order: .alexnet, seed: 7, throughFC7: false)
        var generator = SeededGenerator(seed: 8)
        let batch = 32
        let input = Tensor.uniform(shape: [batch, 3, 227, 227], using: &generator)
        let r = NetworkBenchmark.forward(network, input: input, repetitions: repetitions)
        let rate = Double(batch) / r.totalSeconds
        print(String(format: "\nW2 fc6_227 (Caffe AlexNet, B=%d, forward): %.1f images/s = %.2fx PyTorch's %.1f",
                     batch, rate, rate / PyTorchReference.w2ImagesPerSecond, PyTorchReference.w2ImagesPerSecond))
        print("stage      kind                  ms   share   vs the conv before (paired, median)")
        var stages: [[String: Any]] = []
        for s in r.stages {
            let relative = s.ofConvolutionBefore.map { String(format: "%5.1f%%", 100 * $0) } ?? ""
            print(padded(s.name, 10) + " " + padded(s.kind, 18)
                  + String(format: " %7.2f %6.1f%%   ", s.seconds * 1e3, 100 * s.seconds / r.totalSeconds)
                  + relative)
            var record: [String: Any] = ["stage": s.name, "kind": s.kind, "forward_ms": s.seconds * 1e3]
            if let ratio = s.ofConvolutionBefore { record["of_convolution_before"] = ratio }
            stages.append(record)
        }
        // About the best im2col + OpenBLAS can give on this machine, as the convolutions' own GEMMs
        // run below the 2048³ sgemm rate: every convolution at that rate, measured right after the
        // network because the host's speed drifts, and the other stages (ReLU, LRN, pooling, fc6)
        // as they ran.
        let ceilingNow = sgemm.gflops(repetitions: 3)
        let convolutionFLOP = ConvolutionWorkloads.w2.reduce(0) { $0 + $1.forwardFLOP }
        let otherSeconds = r.stages.filter { $0.kind != "Conv2D" }.reduce(0) { $0 + $1.seconds }
        let boundRate = Double(batch) / (convolutionFLOP / (ceilingNow * 1e9) + otherSeconds)
        print(String(format: "W2 bound: the convolutions at the sgemm ceiling (%.1f GFLOP/s now) and the other stages as measured "
                     + "would give %.1f images/s", ceilingNow, boundRate))
        return ["workload": "W2", "layer": "fc6_227", "batch": batch, "images_per_s": rate,
                "pytorch_images_per_s": PyTorchReference.w2ImagesPerSecond, "batch_ms": r.totalSeconds * 1e3,
                "stages": stages, "sgemm_gflops": ceiling, "repetitions": repetitions, "bound_images_per_s": boundRate,
                "bound_sgemm_gflops": ceilingNow]
    }

    /// Every W1 and W2 convolution, forward and backward, against the sgemm ceiling measured
    /// next to each repetition (see `ConvolutionBenchmark`).
    private func convolutionTable(ceiling: Double, sgemm: SGEMMCeiling) throws -> [[String: Any]] {
        let shapes = (ConvolutionWorkloads.w1 + ConvolutionWorkloads.w2).filter { shape in
            guard let only else { return true }
            return "\(shape.workload) \(shape.name)".localizedCaseInsensitiveContains(only)
        }
        guard !shapes.isEmpty else { throw ValidationError("no workload layer matches --only \(only ?? "")") }
        var records: [[String: Any]] = []
        print("\"of sgemm\": each repetition against a 2048^3 sgemm (OpenBLAS's threads) timed right after it; medians")
        print("\"GEMMs alone\": the forward's own sgemm calls replayed with nothing around them, operands in cache:")
        print("  the share of sgemm the forward would reach if im2col, col2im and biases cost nothing;")
        print("  \"of alone\": the forward's rate as a share of its GEMMs alone, per repetition")
        print("layer            kind   batch  in->out  size  k/s/p/g    sgemm     fwd ms  GFLOP/s  of sgemm  GEMMs alone  of alone   bwd ms  GFLOP/s  of sgemm")
        for shape in shapes {
            let r = ConvolutionBenchmark.measure(shape, repetitions: repetitions, ceiling: sgemm)
            let fwdRate = shape.forwardFLOP / r.forwardSeconds / 1e9
            let bwdRate = 2 * shape.forwardFLOP / r.backwardSeconds / 1e9
            print(padded("\(shape.workload) \(shape.name)", 16) + " " + padded(shape.kind.rawValue, 5)
                  + String(format: " %5d %4d->%-4d %4d  %2d/%d/%d/%d %7.1f  %9.2f %8.1f %8.0f%% %11.0f%% %8.0f%% %8.2f %8.1f %8.0f%%",
                         shape.batch, shape.inputChannels,
                         shape.outputChannels, shape.size, shape.kernel, shape.stride, shape.padding, shape.groups,
                         r.ceilingGFLOPS, r.forwardSeconds * 1e3, fwdRate, 100 * r.forwardOfCeiling,
                         100 * r.forwardGEMMsOfCeiling, 100 * r.forwardOfGEMMsAlone,
                         r.backwardSeconds * 1e3, bwdRate, 100 * r.backwardOfCeiling))
            records.append([
                "workload": shape.workload, "layer": shape.name, "kind": shape.kind.rawValue,
                "batch": shape.batch, "input_channels": shape.inputChannels, "output_channels": shape.outputChannels,
                "size": shape.size, "kernel": shape.kernel, "stride": shape.stride, "padding": shape.padding,
                "groups": shape.groups, "forward_gflop": shape.forwardFLOP / 1e9,
                "forward_ms": r.forwardSeconds * 1e3, "forward_gflops": fwdRate, "forward_of_sgemm": r.forwardOfCeiling,
                "forward_gemms_alone_of_sgemm": r.forwardGEMMsOfCeiling, "forward_of_gemms_alone": r.forwardOfGEMMsAlone,
                "backward_ms": r.backwardSeconds * 1e3, "backward_gflops": bwdRate, "backward_of_sgemm": r.backwardOfCeiling,
                "sgemm_gflops": r.ceilingGFLOPS, "run_sgemm_gflops": ceiling, "threads": Parallel.workers, "repetitions": repetitions,
            ])
        }
        return records
    }
}
