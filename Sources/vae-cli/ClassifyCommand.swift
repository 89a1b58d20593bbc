import ArgumentParser

/// `vae-cli classify`: transfer learning on frozen features, the DeCAF experiment.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Train classifier heads on frozen AlexNet features and compare weight sets.",
        subcommands: [ClassifyTrainCommand.self, ClassifyPredictCommand.self, ClassifySweepCommand.self,
                      ClassifyTransferCommand.self, ClassifyNetworkClassesCommand.self])
}
