import Foundation

/// Wall-clock timing for benchmarks: the median of several timed repetitions after a warm-up,
/// because the machine is shared and single runs are noisy.
enum Stopwatch {
    static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func median(warmUp: Int = 1, repetitions: Int, _ body: () -> Void) -> Double {
        for _ in 0..<warmUp { body() }
        let times = (0..<max(1, repetitions)).map { _ in seconds(body) }.sorted()
        let mid = times.count / 2
        return times.count % 2 == 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2
    }
}
