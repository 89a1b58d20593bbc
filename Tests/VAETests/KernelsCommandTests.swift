import Foundation
import NN
import Testing

/// `vae-cli kernels` run as a user would, with their own OPENBLAS_CORETYPE.
@Suite struct KernelsCommandTests {
    @Test func theUsersOwnCoreTypeWins() throws {
        let core = ProcessorFeatures.current.hasAVX2 ? "Sandybridge" : "Prescott"
        let run = try TrainCommandTests.shell("OPENBLAS_CORETYPE=\(core) exec \"$0\" kernels", [])
        #expect(run.process.terminationStatus == 0, "\(run.error)")
        #expect(run.output.hasPrefix("processor "), "\(run.output)")
        #expect(run.output.contains("core \(core) (your OPENBLAS_CORETYPE)"), "\(run.output)")
        #expect(run.output.contains("NO_AFFINITY \(core) MAX_THREADS"), "OpenBLAS's own configuration line: \(run.output)")
        #expect(run.error == "")
    }

    /// Kernels for instructions the processor lacks crash in the trial, not in the command.
    @Test(.enabled(if: ProcessorFeatures.current.hasAVX2 && !ProcessorFeatures.current.hasAVX512))
    func aUsersCoreTypeThatCrashesIsReplacedWithAWarning() throws {
        let run = try TrainCommandTests.shell("OPENBLAS_CORETYPE=SkylakeX exec \"$0\" kernels", [])
        #expect(run.process.terminationStatus == 0, "\(run.error)")
        #expect(run.error == "warning: OPENBLAS_CORETYPE=SkylakeX fails the self-check (crashed with signal \(SIGILL)); "
                + "choosing a core instead\n")
        #expect(!run.output.contains("your OPENBLAS_CORETYPE"), "\(run.output)")
        #expect(run.output.contains("SkylakeX      crashed with signal \(SIGILL)"), "\(run.output)")
    }

    @Test func aLibraryThatDoesNotLoadIsOneLineAndExitOne() throws {
        let run = try TrainCommandTests.shell("VAE_CLI_OPENBLAS=/nonexistent/libopenblas.so exec \"$0\" kernels", [])
        #expect(run.process.terminationStatus == 1)
        #expect(run.output == "")
        #expect(run.error.hasPrefix("Error: cannot load OpenBLAS (/nonexistent/libopenblas.so): "), "\(run.error)")
        #expect(run.error.filter { $0 == "\n" }.count == 1, "\(run.error)")

        let notBLAS = try TrainCommandTests.shell("VAE_CLI_OPENBLAS=libz.so.1 exec \"$0\" kernels", [])
        #expect(notBLAS.process.terminationStatus == 1)
        #expect(notBLAS.error.hasSuffix("is not OpenBLAS: it lacks cblas_sgemm or openblas_get_corename\n"), "\(notBLAS.error)")
    }
}
