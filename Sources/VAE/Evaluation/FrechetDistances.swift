/// FD-AlexNet between the real test images and each of the three generated sets.
public struct FrechetDistances: Codable, Equatable {
    /// The test images' own reconstructions (decoded posterior means).
    public var reconstructions: FrechetOutcome
    /// Images decoded from z ~ N(0, I).
    public var standardPrior: FrechetOutcome
    /// Images decoded from draws of the fitted Gaussian mixture (`prior.safetensors`).
    public var fittedPrior: FrechetOutcome

    public init(reconstructions: FrechetOutcome, standardPrior: FrechetOutcome, fittedPrior: FrechetOutcome) {
        self.reconstructions = reconstructions
        self.standardPrior = standardPrior
        self.fittedPrior = fittedPrior
    }

    /// (row label, outcome) in the table's order.
    public var rows: [(String, FrechetOutcome)] {
        [("reconstructions", reconstructions), ("N(0, I) samples", standardPrior), ("fitted-prior samples", fittedPrior)]
    }
}
