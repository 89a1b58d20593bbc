import ArgumentParser

/// `vae-cli weights list | fetch NAME | show SET...`: the named loss-network weight sets.
struct WeightsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weights",
        abstract: "List, download and draw the AlexNet weight sets used as loss networks.",
        subcommands: [WeightsListCommand.self, WeightsFetchCommand.self, WeightsShowCommand.self],
        defaultSubcommand: WeightsListCommand.self)
}
