import ArgumentParser

/// `vae-cli weights list | fetch NAME`: the named loss-network weight sets.
struct WeightsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weights",
        abstract: "List and download the AlexNet weight sets used as loss networks.",
        subcommands: [WeightsListCommand.self, WeightsFetchCommand.self], defaultSubcommand: WeightsListCommand.self)
}
