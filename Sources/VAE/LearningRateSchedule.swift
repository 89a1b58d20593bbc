import Foundation

/// How Adam's learning rate moves over a run.
///
/// `cosine` (Loshchilov and Hutter 2017, "SGDR", without restarts) starts at the configured rate
/// and falls along half a cosine to zero at the run's last step, so that a run long enough to
/// converge settles into its minimum rather than stepping over it. Runs of minutes are still far
/// from one and gain from every large step, so `constant` is the default (docs/QUALITY.md).
/// Changing `--epochs` on resume stretches the remaining curve.
public enum LearningRateSchedule: String, Codable, Sendable, CaseIterable {
    case constant
    case cosine

    /// The rate for step `step` (counted from 0) of a run of `totalSteps`.
    public func rate(base: Double, step: Int, totalSteps: Int) -> Double {
        switch self {
        case .constant:
            return base
        case .cosine:
            guard totalSteps > 0 else { return base }
            let progress = min(1, Double(step) / Double(totalSteps))
            return base * 0.5 * (1 + cos(Double.pi * progress))
        }
    }
}
