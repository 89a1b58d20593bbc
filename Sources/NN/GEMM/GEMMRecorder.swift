import Foundation

/// Records the products `sgemm` hands to OpenBLAS, so that `vae-cli bench` can time the same
/// products alone: the rate a layer would reach if im2col, col2im, biases and everything else
/// around its GEMMs cost nothing, i.e. the most im2col + OpenBLAS allows it.
///
/// For benchmarks and tests only (`@_spi(Benchmarks) import NN`). `sgemm` calls `note` for each
/// single-threaded product it runs (after any split over the workers); when nothing records, that
/// is one load of a flag and a branch, next to a GEMM.
@_spi(Benchmarks)
public enum GEMMRecorder {
    /// The calls of one `record`; recordings may overlap (tests run concurrently), and each
    /// receives every call made while it is on.
    private final class Recording { var calls: [GEMMCall] = [] }

    nonisolated(unsafe) private static var isRecording = false
    nonisolated(unsafe) private static var recordings: [Recording] = []
    private static let lock = NSLock()

    /// Runs `body` and returns the products run while it ran, on all workers.
    public static func record(_ body: () -> Void) -> [GEMMCall] {
        let recording = Recording()
        lock.withLock { recordings.append(recording); isRecording = true }
        body()
        return lock.withLock {
            recordings.removeAll { $0 === recording }
            isRecording = !recordings.isEmpty
            return recording.calls
        }
    }

    @inline(__always)
    static func note(_ call: GEMMCall) {
        guard isRecording else { return }
        lock.withLock { for recording in recordings { recording.calls.append(call) } }
    }
}
