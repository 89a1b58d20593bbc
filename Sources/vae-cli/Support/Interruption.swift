import Foundation

/// Ctrl-C during long work: the first press asks the work to stop at the next safe point (a
/// training run then writes a checkpoint); a second press exits at once.
enum Interruption {
    nonisolated(unsafe) static var requested: sig_atomic_t = 0

    static func install() {
        signal(SIGINT) { _ in
            if Interruption.requested != 0 { _exit(130) }
            Interruption.requested = 1
        }
    }

    static var isRequested: Bool { requested != 0 }
}
