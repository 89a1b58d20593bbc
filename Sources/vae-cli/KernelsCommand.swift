import ArgumentParser
import Foundation
import NN

/// `vae-cli kernels`: the processor, the OpenBLAS core chosen for it and why, and with `--measure`
/// every usable core timed on the products our convolutions run (the measurement behind the choice).
struct KernelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernels",
        abstract: "Show the OpenBLAS kernels chosen for this processor; --measure times each usable core.",
        discussion: """
        vae-cli loads OpenBLAS itself, after choosing its kernels: OpenBLAS's own choice and every \
        core the processor runs that is not weaker are self-checked against double-precision \
        products and timed on the products our convolutions run; the fastest is used and \
        remembered per processor in openblas-core.json in the cache folder (delete it to measure \
        again). An OpenBLAS older than the processor would otherwise run generic SSE3 kernels. \
        Your own OPENBLAS_CORETYPE wins when it passes the self-check.
        """)

    @Flag(help: "Time every core that passes its self-check on the W1/W2 convolutions' products (one thread).")
    var measure = false

    func run() throws {
        let blas = try OpenBLAS.load()
        print(blas.summary)
        print("library \(blas.libraryPath): \(blas.configuration)")
        let processor = blas.processor
        var cores: [String] = []
        func add(_ core: String?) {
            if let core, !core.isEmpty, !cores.contains(where: { $0.lowercased() == core.lowercased() }) { cores.append(core) }
        }
        add(ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"])
        OpenBLASCore.candidates(for: processor).forEach(add)
        let own = OpenBLAS.trial(core: nil)
        add(own.core)
        add(OpenBLASCore.generic)
        print("\ncore          self-check")
        var usable: [String] = []
        for core in cores {
            let trial = own.core == core ? own : OpenBLAS.trial(core: core)
            let ran = trial.core.map { $0.lowercased() == core.lowercased() } ?? true
            print(padded(core, 13) + " " + (ran ? trial.check.description : "not in this library (it ran \(trial.core ?? "?"))"))
            if ran && trial.check.passed { usable.append(core) }
        }
        if measure { try measureCores(usable) }
    }

    /// Each core in a child process of its own (OpenBLAS takes its core once, when it loads).
    private func measureCores(_ cores: [String]) throws {
        let products = Self.products
        var rates: [String: [Double]] = [:]
        for core in cores {
            let trial = OpenBLAS.trial(core: core, timing: products.map { ($0.m, $0.n, $0.k) })
            guard trial.check.passed else { throw CLIError("measuring core \(core) failed: \(trial.check)") }
            rates[core] = trial.rates
        }
        print("\nGFLOP/s on one thread, best of 3 batches of 5 ms; m x n x k as one image's forward hands them to sgemm")
        print(padded("product", 30) + cores.map { padded($0, 12) }.joined())
        for (index, product) in products.enumerated() {
            let label = "\(product.name) \(product.m)x\(product.n)x\(product.k)"
            print(padded(label, 30) + cores.map { padded(String(format: "%.1f", rates[$0]![index]), 12) }.joined())
        }
    }

    /// The W1 and W2 convolutions' products, and a square one for the ceiling.
    static var products: [(name: String, m: Int, n: Int, k: Int)] {
        (ConvolutionWorkloads.w1 + ConvolutionWorkloads.w2).map {
            let p = $0.forwardProduct
            return ("\($0.workload) \($0.name)", p.m, p.n, p.k)
        } + [("square", 1024, 1024, 1024)]
    }
}
