import Foundation

/// The parts of `VAETrainer.trainStep`, in the order it runs them, as it reports their times to a
/// benchmark. What lies between them (zeroing the gradients, the finiteness checks) is not a phase.
public enum TrainingStepPhase: String, CaseIterable, Sendable {
    /// Encoder, reparameterisation and decoder.
    case vaeForward = "VAE forward"
    /// The loss network's forward on the images and on the reconstructions, the feature
    /// distances, and the loss network's backward to the reconstructions.
    case perceptualLoss = "perceptual loss"
    case klTerm = "KL term"
    /// Decoder, reparameterisation, both heads and the encoder trunk.
    case vaeBackward = "VAE backward"
    case adam = "Adam"

    /// Runs `body`, telling `report` how long it took when there is a report to tell.
    func timed<T>(_ report: ((TrainingStepPhase, Double) -> Void)?, _ body: () throws -> T) rethrows -> T {
        guard let report else { return try body() }
        let start = DispatchTime.now().uptimeNanoseconds
        defer { report(self, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
        return try body()
    }
}
