import Foundation

/// Which OpenBLAS core a process runs, and why.
///
/// - The user's `OPENBLAS_CORETYPE`, when its kernels pass the self-check.
/// - Else the core measured fastest on the products our convolutions run, among OpenBLAS's own
///   choice and every core the processor can run that is not weaker. An OpenBLAS older than
///   the processor falls back to generic SSE3 kernels without a word; and among cores of one
///   instruction set, OpenBLAS's blocking for the processor's family is not always the fastest
///   for thin products. The measurement is remembered per processor and library, so that a
///   machine's runs agree bit for bit.
/// - A core that fails the self-check is skipped with a warning; the generic kernels are the
///   last resort.
public struct BLASCoreChoice: Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// The user's `OPENBLAS_CORETYPE`.
        case userSetting
        /// OpenBLAS's own choice, with no other core to compare (or one this table does not know).
        case libraryChoice
        /// The fastest of the measured cores; OpenBLAS itself chose `libraryCore`.
        case fastest(libraryCore: String)
        /// The generic kernels, after the others failed.
        case lastResort
    }

    /// The core whose kernels run.
    public let core: String
    public let reason: Reason
    /// GFLOP/s (geometric mean over `BLASCoreChoice.measuredProducts`) of each core measured.
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
        case .libraryChoice: return "\(core) (OpenBLAS's own choice)"
        case .lastResort: return "\(core) (the generic kernels: the others failed their self-check)"
        case .fastest(let libraryCore):
            let measured = rates.sorted { $0.value > $1.value }
                .map { "\($0.key) " + String(format: "%.1f", $0.value) }.joined(separator: ", ")
            return "\(core) (fastest here: \(measured) GFLOP/s; OpenBLAS chose \(libraryCore))"
        }
    }

    /// The products the cores are timed on, as one image's forward hands them to sgemm (m, n, k):
    /// thin ones from small images (few channels, many pixels, or many channels, few pixels),
    /// mid-sized ones from 227x227 inputs, and a square one.
    public static let measuredProducts: [(m: Int, n: Int, k: Int)] = [
        (32, 1024, 48), (48, 1024, 32), (2048, 16, 256), (128, 64, 1024), (96, 196, 363), (384, 9, 2304),
        (96, 3025, 363), (128, 729, 1200), (384, 169, 2304), (512, 512, 512),
    ]
}

/// What choosing needs of an OpenBLAS library; tests stand in for the real one.
public protocol BLASCoreLoading {
    /// Loads the library with `OPENBLAS_CORETYPE` set to `core` (nil: unset) apart from this
    /// process and checks its products; with `timing`, a core that passes is also timed on
    /// `BLASCoreChoice.measuredProducts`.
    func trial(core: String?, timing: Bool) -> BLASTrial
    /// Loads the library with `OPENBLAS_CORETYPE` set to `core` (nil: unset) into this process.
    mutating func load(core: String?) throws
}

public struct BLASTrial: Sendable, Equatable {
    /// The core the library ran (nil when it crashed before saying).
    public var core: String?
    public var check: BLASSelfCheck
    /// GFLOP/s on each measured product, when timed.
    public var rates: [Double]
    /// The library's file, resolved (nil when it crashed before saying).
    public var library: String?

    public init(core: String?, check: BLASSelfCheck, rates: [Double] = [], library: String? = nil) {
        self.core = core
        self.check = check
        self.rates = rates
        self.library = library
    }

    /// The geometric mean of `rates`: every product counts alike, whatever its size.
    public var meanRate: Double? {
        guard !rates.isEmpty, rates.allSatisfy({ $0 > 0 }) else { return nil }
        return exp(rates.map { log($0) }.reduce(0, +) / Double(rates.count))
    }
}

public enum BLASSelfCheck: Sendable, Equatable, CustomStringConvertible {
    case passed(worstError: Double)
    case wrong(worstError: Double)
    case crashed(signal: Int32)
    case notLoaded

    public var passed: Bool { if case .passed = self { return true } else { return false } }

    public var description: String {
        switch self {
        case .passed(let error): return "passed, worst relative error \(error.scientific)"
        case .wrong(let error): return "wrong products, worst relative error \(error.scientific)"
        case .crashed(let signal): return signal == 0 ? "crashed" : "crashed with signal \(signal)"
        case .notLoaded: return "the library did not load"
        }
    }
}

public struct BLASCoreChoiceError: Error, CustomStringConvertible {
    public let tried: [String]
    public var description: String {
        "OpenBLAS fails its self-check on this processor with every core tried (\(tried.joined(separator: ", "))); "
            + "set OPENBLAS_CORETYPE to a core that works"
    }
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
            if own.check.passed { measured.append((ownCore, nil, own.meanRate ?? 0)) }
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
                    measured.append((candidate, candidate, trial.meanRate ?? 0))
                } else {
                    failed.append(candidate)
                    warnings.append("OpenBLAS core \(candidate) fails the self-check (\(trial.check)); trying the next")
                }
            }
        }
        if let fastest = measured.max(by: { $0.rate < $1.rate }) {
            let rates = Dictionary(measured.map { ($0.core, $0.rate) }, uniquingKeysWith: max)
            let reason: Reason = measured.count == 1 && fastest.request == nil
                ? .libraryChoice : .fastest(libraryCore: own.core ?? "?")
            return try chosen(fastest.request, BLASCoreChoice(core: fastest.core, reason: reason, rates: rates,
                                                              library: own.library))
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

private extension Double {
    var scientific: String { isFinite ? String(format: "%.2e", self) : "\(self)" }
}
