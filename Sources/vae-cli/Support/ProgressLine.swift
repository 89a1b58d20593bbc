import Foundation

/// A progress report for long work: on a terminal one line redrawn in place (at most ten times a
/// second) with rate and ETA; otherwise plain log lines, at most one every `logInterval` seconds,
/// so a log file stays readable.
final class ProgressLine {
    private let label: String
    private let unit: String
    private let total: Double?
    private var start = Date()
    /// Units already done before this line started (a resumed run), left out of the rate.
    private let startingAmount: Double
    private var lastDraw = Date.distantPast
    private let isTerminal = isatty(fileno(stdout)) != 0
    private let logInterval: Double
    private var drewInPlace = false

    /// The clock starts at the first `update`, so setting-up time does not dilute the rate.
    init(_ label: String, total: Double?, unit: String, startingAt: Double = 0, logInterval: Double = 10) {
        self.startingAmount = startingAt
        self.label = label
        self.total = total
        self.unit = unit
        self.logInterval = logInterval
    }

    /// `done` units so far; `detail` is appended (e.g. the loss terms).
    func update(_ done: Double, detail: String = "", force: Bool = false) {
        let now = Date()
        let interval = isTerminal ? 0.1 : logInterval
        guard force || now.timeIntervalSince(lastDraw) >= interval else { return }
        defer { lastDraw = now }
        if lastDraw == .distantPast { start = now }
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? (done - startingAmount) / elapsed : 0
        var text = label
        if let total, total > 0 {
            text += String(format: " %5.1f%%", 100 * min(1, done / total))
        }
        text += " " + Self.amount(done, unit: unit)
        if rate > 0 { text += " " + Self.amount(rate, unit: unit) + "/s" }
        if let total, rate > 0, done < total { text += " ETA " + Self.duration((total - done) / rate) }
        if !detail.isEmpty { text += "  " + detail }
        if isTerminal {
            print("\r\u{1B}[2K" + text, terminator: "")
            drewInPlace = true
        } else {
            print(text)
        }
        fflush(stdout)
    }

    /// Ends the in-place line so the next output starts on a fresh one.
    func finish() {
        if drewInPlace { print("") }
        drewInPlace = false
    }

    static func amount(_ value: Double, unit: String) -> String {
        if unit == "B" {
            let mega = 1024.0 * 1024, giga = 1024 * mega
            if value >= giga { return String(format: "%.2f GB", value / giga) }
            if value >= mega { return String(format: "%.1f MB", value / mega) }
            return String(format: "%.0f kB", value / 1024)
        }
        return String(format: value >= 100 ? "%.0f %@" : "%.1f %@", value, unit)
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s % 3600 / 60)
            : s >= 60 ? String(format: "%dm%02ds", s / 60, s % 60) : "\(s)s"
    }
}
