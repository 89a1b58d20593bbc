import Foundation

/// How an OpenBLAS core's products compared with the reference in its self-check.
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

private extension Double {
    var scientific: String { isFinite ? String(format: "%.2e", self) : "\(self)" }
}
