import Foundation

/// Which OpenBLAS core a process runs, and why.
///
/// - The user's `OPENBLAS_CORETYPE`, when its kernels pass the self-check.
/// - Else the core measured fastest on the products our convolutions run, among OpenBLAS's own
///   choice and every core the processor can run that is not weaker; OpenBLAS's own choice
///   stays unless another is `clearMargin` faster, since a shared machine's timings differ by a
///   few percent from run to run. An OpenBLAS older than the processor falls back to generic
///   SSE3 kernels without a word. The measurement is remembered per processor and library, so
///   that a machine's runs agree bit for bit.
/// - A core that fails the self-check is skipped with a warning; the generic kernels are the
///   last resort.
public struct BLASCoreChoice: Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// The user's `OPENBLAS_CORETYPE`.
        case userSetting
        /// OpenBLAS's own choice: no other core measured `clearMargin` faster (or none to compare).
        case libraryChoice
        /// The fastest of the measured cores; OpenBLAS itself chose `libraryCore`.
        case fastest(libraryCore: String)
        /// The generic kernels, after the others failed.
        case lastResort
    }

    /// The core whose kernels run.
    public let core: String
    public let reason: Reason
    /// Each measured core's GFLOP/s over one pass of `BLASCoreChoice.measuredProducts`.
    public let rates: [String: Double]
    /// The library file the cores were measured in (resolved), when they were.
    public let library: String?
    /// One line each: a core that failed its self-check, and what replaced it.
    public let warnings: [String]

    public init(core: String, reason: Reason, rates: [String: Double] = [:], library: String? = nil,
                warnings: [String] = []) {
        self.core = core
        self.reason = reason
        self.rates = rates
        self.library = library
        self.warnings = warnings
    }

    /// Whether the cores were measured (a choice worth remembering).
    public var wasMeasured: Bool {
        switch reason {
        case .fastest, .libraryChoice: return library != nil
        case .userSetting, .lastResort: return false
        }
    }

    /// "Haswell (fastest here: Haswell 71.2, Zen 58.3 GFLOP/s; OpenBLAS chose Zen)".
    public var explanation: String {
        switch reason {
        case .userSetting: return "\(core) (your OPENBLAS_CORETYPE)"
        case .libraryChoice:
            return rates.count > 1 ? "\(core) (OpenBLAS's own choice; measured here: \(measuredRates) GFLOP/s)"
                : "\(core) (OpenBLAS's own choice)"
        case .lastResort: return "\(core) (the generic kernels: the others failed their self-check)"
        case .fastest(let libraryCore): return "\(core) (fastest here: \(measuredRates) GFLOP/s; OpenBLAS chose \(libraryCore))"
        }
    }

    private var measuredRates: String {
        rates.sorted { $0.value > $1.value }.map { "\($0.key) " + String(format: "%.1f", $0.value) }.joined(separator: ", ")
    }

    /// How much faster than OpenBLAS's own choice another core must measure to replace it.
    public static let clearMargin = 1.10

    /// A product the cores are timed on, as one image's convolution hands it to sgemm, and how
    /// many of it one pass of the project's reference networks runs.
    public struct MeasuredProduct: Sendable {
        public let m: Int, n: Int, k: Int
        public let count: Int
        public var multiplyAdds: Double { Double(m) * Double(n) * Double(k) * Double(count) }
    }

    /// The reference networks' forward products: a DCGAN-style VAE at 64x64 with an AlexNet loss
    /// network (batch 64: thin products, few channels over many pixels or many channels over
    /// few) and AlexNet at 227x227 through fc6 (batch 32: mid-sized products), each counted as
    /// often as a pass runs it (images × groups), so a core is scored by the time it would take.
    public static let measuredProducts: [MeasuredProduct] = [
        .init(m: 32, n: 1024, k: 48, count: 64), .init(m: 64, n: 256, k: 512, count: 64),
        .init(m: 128, n: 64, k: 1024, count: 64), .init(m: 256, n: 16, k: 2048, count: 64),
        .init(m: 2048, n: 16, k: 256, count: 64), .init(m: 1024, n: 64, k: 128, count: 64),
        .init(m: 512, n: 256, k: 64, count: 64), .init(m: 48, n: 1024, k: 32, count: 64),
        .init(m: 96, n: 196, k: 363, count: 64), .init(m: 128, n: 49, k: 1200, count: 128),
        .init(m: 384, n: 9, k: 2304, count: 64),
        .init(m: 96, n: 3025, k: 363, count: 32), .init(m: 128, n: 729, k: 1200, count: 64),
        .init(m: 384, n: 169, k: 2304, count: 32), .init(m: 192, n: 169, k: 1728, count: 64),
        .init(m: 128, n: 169, k: 1728, count: 64), .init(m: 32, n: 4096, k: 9216, count: 1),
    ]
}

extension BLASCoreChoice {
    /// Chooses, and leaves the chosen core loaded in `library`. `remembered` is an earlier
    /// measured choice for this processor and library: it is only self-checked, not measured again.
    public static func choose<Library: BLASCoreLoading>(
        processor: ProcessorFeatures, userSetting: String?, remembered: BLASCoreChoice? = nil,
        library: inout Library
    ) throws -> BLASCoreChoice {
        var warnings: [String] = []
        var failed: [String] = []
        func same(_ a: String?, _ b: String?) -> Bool { a?.lowercased() == b?.lowercased() }
        func chosen(_ request: String?, _ choice: BLASCoreChoice) throws -> BLASCoreChoice {
            try library.load(core: request)
            return BLASCoreChoice(core: choice.core, reason: choice.reason, rates: choice.rates, library: choice.library,
                                  warnings: warnings)
        }

        if let userSetting, !userSetting.isEmpty {
            let trial = library.trial(core: userSetting, timing: false)
            if trial.check.passed, let core = trial.core {
                return try chosen(userSetting, BLASCoreChoice(core: core, reason: .userSetting))
            }
            failed.append(trial.core ?? userSetting)
            warnings.append("OPENBLAS_CORETYPE=\(userSetting) fails the self-check (\(trial.check)); choosing a core instead")
        }

        if let remembered, !failed.contains(where: { same($0, remembered.core) }) {
            let trial = library.trial(core: remembered.core, timing: false)
            if trial.check.passed, same(trial.core, remembered.core), trial.library == remembered.library {
                return try chosen(remembered.core, remembered)
            }
        }

        let own = library.trial(core: nil, timing: true)
        if own.check == .notLoaded { try library.load(core: nil) }   // throws why it does not load
        var measured: [(core: String, request: String?, rate: Double)] = []
        if let ownCore = own.core, !failed.contains(where: { same($0, ownCore) }) {
            if own.check.passed { measured.append((ownCore, nil, own.passRate ?? 0)) }
            if !own.check.passed {
                failed.append(ownCore)
                warnings.append("OpenBLAS's own core \(ownCore) fails the self-check (\(own.check)); trying others")
            }
        }
        if let ownCore = own.core, let ownTier = OpenBLASCore.tier(of: ownCore) {
            for candidate in OpenBLASCore.candidates(for: processor)
            where OpenBLASCore.tier(of: candidate)! >= ownTier && !same(candidate, ownCore)
                && !failed.contains(where: { same($0, candidate) }) {
                let trial = library.trial(core: candidate, timing: true)
                // A library without this core runs its own choice instead.
                guard same(trial.core, candidate) else { continue }
                if trial.check.passed {
                    measured.append((candidate, candidate, trial.passRate ?? 0))
                } else {
                    failed.append(candidate)
                    warnings.append("OpenBLAS core \(candidate) fails the self-check (\(trial.check)); trying the next")
                }
            }
        }
        // A second round in reverse order, each core keeping its better figure, so that a machine
        // whose speed drifts during the first round favours no core for its place in the order.
        if measured.count > 1 {
            for index in measured.indices.reversed() {
                let again = library.trial(core: measured[index].request, timing: true)
                if again.check.passed, let rate = again.passRate { measured[index].rate = max(measured[index].rate, rate) }
            }
        }
        if let fastest = measured.max(by: { $0.rate < $1.rate }) {
            let rates = Dictionary(measured.map { ($0.core, $0.rate) }, uniquingKeysWith: max)
            if let ownMeasured = measured.first(where: { $0.request == nil }),
               fastest.rate < ownMeasured.rate * clearMargin {
                return try chosen(nil, BLASCoreChoice(core: ownMeasured.core, reason: .libraryChoice, rates: rates,
                                                      library: own.library))
            }
            return try chosen(fastest.request, BLASCoreChoice(core: fastest.core, reason: .fastest(libraryCore: own.core ?? "?"),
                                                              rates: rates, library: own.library))
        }

        let generic = OpenBLASCore.generic
        if !failed.contains(where: { same($0, generic) }) {
            let trial = library.trial(core: generic, timing: false)
            if trial.check.passed, same(trial.core, generic) {
                return try chosen(generic, BLASCoreChoice(core: generic, reason: .lastResort))
            }
            failed.append(generic)
        }
        throw BLASCoreChoiceError(tried: failed)
    }
}
