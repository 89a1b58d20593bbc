import ArgumentParser

@main
struct VAECLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vae-cli",
        abstract: "Perceptual-loss VAEs and frozen-feature transfer learning on the CPU.",
        subcommands: [BenchCommand.self, ClassifyCommand.self, EmbedCommand.self])
}
