import ArgumentParser

@main
struct VAECLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vae-cli",
        abstract: "Perceptual-loss VAEs and frozen-feature transfer learning on the CPU.",
        subcommands: [TrainCommand.self, ReconstructCommand.self, SampleCommand.self, InterpolateCommand.self,
                      EvaluateCommand.self, FitPriorCommand.self,
                      ClassifyCommand.self, EmbedCommand.self, WeightsCommand.self, LPIPSCommand.self,
                      ExportImagesCommand.self, BenchCommand.self, KernelsCommand.self])
}
