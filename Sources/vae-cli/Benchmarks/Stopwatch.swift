import Foundation

/// Wall-clock timing for benchmarks: the median of several timed repetitions after a warm-up,
/// because the machine is shared and single runs are noisy.
enum Stopwatch {
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func median(warmUp: Int = 1, repetitions: Int, _ body: () -> Void) -> Double {
        for _ in 0..<warmUp { body() }
        return median((0..<repetitions).map { _ in seconds(body) })
    }

    /// The middle value (the mean of the two middle ones for an even count); values not empty.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted(), mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
