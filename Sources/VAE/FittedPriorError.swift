/// Why there is no fitted prior to use or to fit; each message is one line that says what to do.
public enum FittedPriorError: Error, Equatable, CustomStringConvertible {
    /// The run folder has no `prior.safetensors` (a run trained before priors were fitted, or
    /// whose fit failed).
    case missing(runFolder: String)
    /// The file is there but is not a prior this vae-cli reads.
    case unreadable(file: String, reason: String)
    /// The prior's codes are not the model's: fitted to another run's checkpoint.
    case latentMismatch(file: String, prior: Int, model: Int)
    /// More mixture components than training images to fit them to.
    case tooManyComponents(components: Int, images: Int)
    /// The mixture's EM could not fit the posterior means.
    case fitFailed(reason: String)

    public var description: String {
        switch self {
        case let .missing(folder):
            return "\(folder) has no fitted prior (prior.safetensors); run vae-cli fit-prior --checkpoint \(folder)"
        case let .unreadable(file, reason):
            return "\(file): not a readable fitted prior (\(reason)); refit it with vae-cli fit-prior"
        case let .latentMismatch(file, prior, model):
            return "\(file): the prior has \(prior) latent dimensions, the model \(model); refit it with vae-cli fit-prior"
        case let .tooManyComponents(components, images):
            return "cannot fit \(components) mixture components to \(images) training images; give --components \(max(1, images)) or fewer"
        case let .fitFailed(reason):
            return "fitting the prior failed: \(reason)"
        }
    }
}
