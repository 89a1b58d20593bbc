import Distributed
import Foundation

/// Ctrl-C during long work: the first press asks the work to stop at the next safe point (a
/// training run then writes a checkpoint); a second press exits at once.
///
/// In an MPI job mpirun answers Ctrl-C by sending its ranks SIGTERM, and SIGKILL a second later;
/// it passes SIGUSR1 on to them and waits. A rank takes both as the request to stop, which the
/// training step shares with every rank (see `VAETrainer.trainStep(shard:job:stopRequested:)`).
enum Interruption {
    nonisolated(unsafe) static var requested: sig_atomic_t = 0

    static func install() {
        let signals = MPIJob.current == nil ? [SIGINT] : [SIGINT, SIGTERM, SIGUSR1]
        for number in signals {
            signal(number) { _ in
                if Interruption.requested != 0 { _exit(130) }
                Interruption.requested = 1
            }
        }
    }

    static var isRequested: Bool { requested != 0 }
}
