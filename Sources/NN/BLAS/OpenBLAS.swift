import BLASBridge
import Foundation

/// The OpenBLAS library this process runs its products on, loaded on first use with the core
/// `BLASCoreChoice` picks for this processor (see BLASBridge.h for why it is loaded at run time
/// rather than linked). Every binary that uses NN, the test binaries included, makes the same
/// choice the same way.
public enum OpenBLAS {
    public struct Loaded: Sendable {
        public let processor: ProcessorFeatures
        public let choice: BLASCoreChoice
        public let libraryPath: String
        /// OpenBLAS's configuration line, "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64".
        public let configuration: String

        /// "0.3.21", from the configuration line.
        public var version: String {
            let words = configuration.split(separator: " ")
            return words.count > 1 && words[0] == "OpenBLAS" ? String(words[1]) : "?"
        }

        /// One line for a command's header: the processor and the kernels it runs.
        public var summary: String {
            "processor \(processor.summary); OpenBLAS \(version) core \(choice.explanation)"
        }
    }

    /// The worst relative error the self-check accepts; float32 products of these depths stay
    /// below 1e-5, and kernels that are wrong are off by far more.
    public static let selfCheckTolerance = 1e-4

    private static let loading: Result<Loaded, Error> = Result {
        var library = SystemLibrary()
        let userSetting = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"]
        let memory = BLASCoreMemory(folder: CacheFolder.resolve())
        let remembered = memory.choice(for: .current)
        let choice = try BLASCoreChoice.choose(processor: .current, userSetting: userSetting, remembered: remembered,
                                               library: &library)
        if choice.wasMeasured && (choice.core, choice.library) != (remembered?.core, remembered?.library) {
            memory.remember(choice, for: .current)
        }
        for warning in choice.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        return Loaded(processor: .current, choice: choice,
                      libraryPath: String(cString: blas_bridge_library_path()),
                      configuration: String(cString: blas_bridge_config()))
    }

    /// Loads OpenBLAS if no product has yet; throws a one-line error when it cannot be loaded
    /// or no core passes the self-check. Commands call it first, so that such an error ends them
    /// cleanly rather than inside their first product.
    @discardableResult
    public static func load() throws -> Loaded { try loading.get() }

    /// For products run without `load()` first: a library that cannot be loaded ends the process
    /// with its one-line reason, since no product can run without it. Once per process, so that
    /// a product's check is one load of a flag.
    private static let loadedOrExited: Void = {
        if case .failure(let error) = loading {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        }
    }()

    @inline(__always)
    static func ensureLoaded() { loadedOrExited }

    /// libopenblas through BLASBridge.
    struct SystemLibrary: BLASCoreLoading {
        func trial(core: String?, timing: Bool) -> BLASTrial {
            OpenBLAS.trial(core: core, timing: timing ? BLASCoreChoice.measuredProducts.map { ($0.m, $0.n, $0.k) } : [])
        }

        mutating func load(core: String?) throws {
            var message = [CChar](repeating: 0, count: 512)
            guard blas_bridge_load(core, &message, message.count) else {
                throw LoadError(description: String(cString: message))
            }
        }
    }

    /// Loads `core` (nil: OpenBLAS's own choice) apart from this process and self-checks it, as
    /// the choice does for each candidate; a core that passes is also timed on `products`
    /// (GFLOP/s in the trial's `rates`, in their order).
    public static func trial(core: String?, timing products: [(m: Int, n: Int, k: Int)] = []) -> BLASTrial {
        let shapes = products.flatMap { [Int32($0.m), Int32($0.n), Int32($0.k)] }
        var rates = [Double](repeating: 0, count: products.count)
        let trial = blas_bridge_trial(core, selfCheckTolerance, shapes, Int32(rates.count), &rates)
        let name = withUnsafeBytes(of: trial.core) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let library = withUnsafeBytes(of: trial.library) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let check: BLASSelfCheck
        switch trial.outcome {
        case BLASBridgePassed: check = .passed(worstError: trial.worst_error)
        case BLASBridgeWrong: check = .wrong(worstError: trial.worst_error)
        case BLASBridgeNotLoaded: check = .notLoaded
        default: check = .crashed(signal: trial.signal)
        }
        return BLASTrial(core: name.isEmpty ? nil : name, check: check, rates: check.passed ? rates : [],
                         library: library.isEmpty ? nil : library)
    }

    struct LoadError: Error, CustomStringConvertible { let description: String }
}
