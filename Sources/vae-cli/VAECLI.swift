import ArgumentParser
import Distributed

@main
struct VAECLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vae-cli",
        abstract: "Perceptual-loss VAEs and frozen-feature transfer learning on the CPU.",
        subcommands: [TrainCommand.self, ReconstructCommand.self, SampleCommand.self, InterpolateCommand.self,
                      EvaluateCommand.self, FitPriorCommand.self,
                      ClassifyCommand.self, EmbedCommand.self, CompareFeaturesCommand.self, WeightsCommand.self, LPIPSCommand.self,
                      ExportImagesCommand.self, BenchCommand.self, KernelsCommand.self])

    /// A process started by mpirun as one of several ranks joins the MPI job first; any other
    /// process runs exactly as ArgumentParser runs a command, without loading Open MPI.
    static func main() {
        let job: MPIJob?
        do {
            job = try MPIJob.start()
        } catch {
            exit(withError: CLIError("\(error)"))
        }
        guard let job else { return main(nil) }
        RankLifecycle.run(job)
    }
}
