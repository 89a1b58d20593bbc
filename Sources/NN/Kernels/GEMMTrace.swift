import Foundation

/// The products a piece of work hands to OpenBLAS, recorded so that `vae-cli bench` can time the
/// same products alone: the rate a layer would reach if im2col, col2im, biases and everything
/// else around its GEMMs cost nothing, i.e. the most im2col + OpenBLAS allows it.
///
/// `sgemm` notes each single-threaded product it runs (after any worker split) while a recording
/// is on; otherwise the cost is one load of a flag.
public enum GEMMTrace {
    /// One product as `sgemm` runs it: op(A) [m, k] · op(B) [k, n] into C [m, n].
    public struct Call: Sendable, Equatable {
        public let transA: Bool, transB: Bool
        public let m: Int, n: Int, k: Int
        public let alpha: Float, beta: Float
        public let lda: Int, ldb: Int, ldc: Int

        public var multiplyAdds: Double { Double(m) * Double(n) * Double(k) }
    }

    /// The calls of one `record`; recordings may overlap (tests run concurrently), and each
    /// receives every call made while it is on.
    private final class Recording { var calls: [Call] = [] }

    nonisolated(unsafe) private static var isRecording = false
    nonisolated(unsafe) private static var recordings: [Recording] = []
    private static let lock = NSLock()

    /// Runs `body` and returns the products run while it ran, on all workers.
    public static func record(_ body: () -> Void) -> [Call] {
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
    static func note(_ call: @autoclosure () -> Call) {
        guard isRecording else { return }
        let call = call()
        lock.withLock { for recording in recordings { recording.calls.append(call) } }
    }
}
