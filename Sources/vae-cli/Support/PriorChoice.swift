import ArgumentParser

/// `--prior standard|fitted`: where `sample` draws its latent codes.
enum PriorChoice: String, CaseIterable, ExpressibleByArgument {
    /// N(0, I), the prior the VAE was trained towards.
    case standard
    /// The run's Gaussian mixture over its training images' posterior means (`fit-prior`).
    case fitted
}
