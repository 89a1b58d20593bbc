import Foundation
import Testing
import NN

/// The choice of OpenBLAS core for (processor, OpenBLAS's own core, the user's OPENBLAS_CORETYPE,
/// a remembered measurement), against a stand-in library whose cores pass, compute wrong or crash
/// and run at the speeds each test says.
@Suite struct BLASCoreChoiceTests {
    /// A library with OpenBLAS's behaviour: its own core when none is asked for or the asked one
    /// is missing, the asked one otherwise.
    struct StandInLibrary: BLASCoreLoading {
        var own: String
        /// The cores it has, with how each one's self-check goes.
        var cores: [String: BLASSelfCheck]
        /// GFLOP/s of each core on every measured product.
        var speeds: [String: Double]
        var file = "/usr/lib/libopenblasp-r0.3.21.so"
        var loaded: String?? = .none

        init(own: String, cores: [String: BLASSelfCheck], speeds: [String: Double]) {
            self.own = own
            self.cores = cores
            self.speeds = speeds
        }

        func trial(core: String?, timing: Bool) -> BLASTrial {
            let ran = core.flatMap { name in cores.keys.first { $0.lowercased() == name.lowercased() } } ?? own
            let check = cores[ran] ?? .passed(worstError: 1e-7)
            let rates = timing && check.passed ? BLASCoreChoice.measuredProducts.map { _ in speeds[ran] ?? 10 } : []
            return BLASTrial(core: ran, check: check, rates: rates, library: file)
        }

        mutating func load(core: String?) throws { loaded = .some(core) }
    }

    static let good = BLASSelfCheck.passed(worstError: 2e-7)
    static let all: [String] = ["Cooperlake", "SkylakeX", "Haswell", "Zen", "Sandybridge", "Prescott"]

    /// Speeds in the order of the instruction sets, Haswell's blocking ahead of Zen's.
    static let speeds: [String: Double] = ["Cooperlake": 200, "SkylakeX": 120, "Haswell": 90, "Zen": 80,
                                           "Sandybridge": 50, "Prescott": 20, "Core2": 15]

    static func library(own: String, failing: [String: BLASSelfCheck] = [:], speeds: [String: Double] = speeds) -> StandInLibrary {
        StandInLibrary(own: own, cores: Dictionary(uniqueKeysWithValues: all.map { ($0, failing[$0] ?? good) }), speeds: speeds)
    }

    /// Family 6 model 207 (Emerald Rapids), as OpenBLAS 0.3.21's tables do not know it.
    static var emeraldRapids: ProcessorFeatures {
        var p = ProcessorFeatures(vendor: "GenuineIntel", brand: "Intel(R) Xeon(R) Platinum 8581C", family: 6, model: 207)
        (p.avx, p.fma, p.avx2) = (true, true, true)
        (p.avx512f, p.avx512dq, p.avx512cd, p.avx512bw, p.avx512vl, p.avx512bf16) = (true, true, true, true, true, true)
        return p
    }

    static var skylakeServer: ProcessorFeatures {
        var p = emeraldRapids
        p.avx512bf16 = false
        return p
    }

    static var zen3: ProcessorFeatures {
        var p = ProcessorFeatures(vendor: "AuthenticAMD", brand: "AMD EPYC", family: 25, model: 1)
        (p.avx, p.fma, p.avx2) = (true, true, true)
        return p
    }

    static var sse: ProcessorFeatures { ProcessorFeatures(vendor: "GenuineIntel", family: 6, model: 15) }

    func choose(_ processor: ProcessorFeatures, _ library: inout StandInLibrary, user: String? = nil,
                remembered: BLASCoreChoice? = nil) throws -> BLASCoreChoice {
        try BLASCoreChoice.choose(processor: processor, userSetting: user, remembered: remembered, library: &library)
    }

    @Test func candidatesFollowTheProcessorsInstructions() {
        #expect(OpenBLASCore.candidates(for: Self.emeraldRapids) == ["Cooperlake", "SkylakeX", "Haswell", "Zen", "Sandybridge"])
        #expect(OpenBLASCore.candidates(for: Self.skylakeServer) == ["SkylakeX", "Haswell", "Zen", "Sandybridge"])
        #expect(OpenBLASCore.candidates(for: Self.zen3) == ["Zen", "Haswell", "Sandybridge"])
        #expect(OpenBLASCore.candidates(for: Self.sse) == [])
        var avx512WithoutOSSupport = Self.emeraldRapids   // what the CPUID reader reports when XCR0 lacks ZMM state
        (avx512WithoutOSSupport.avx512f, avx512WithoutOSSupport.avx512bf16) = (false, false)
        #expect(OpenBLASCore.candidates(for: avx512WithoutOSSupport) == ["Haswell", "Zen", "Sandybridge"])
    }

    @Test func aGenericChoiceOnANewProcessorIsReplacedByTheFastestItRuns() throws {
        var library = Self.library(own: "Prescott")
        let choice = try choose(Self.emeraldRapids, &library)
        #expect(choice.core == "Cooperlake")
        #expect(choice.reason == .fastest(libraryCore: "Prescott"))
        #expect(choice.rates.mapValues { $0.rounded() } == ["Cooperlake": 200, "SkylakeX": 120, "Haswell": 90, "Zen": 80,
                                                       "Sandybridge": 50, "Prescott": 20])
        #expect(choice.warnings == [])
        #expect(library.loaded == .some("Cooperlake"))
        #expect(choice.explanation.hasPrefix("Cooperlake (fastest here: Cooperlake 200.0, SkylakeX 120.0, Haswell 90.0"))
        #expect(choice.explanation.hasSuffix("; OpenBLAS chose Prescott)"))
    }

    /// Wider instructions do not decide: on thin products a narrower core's blocking can win.
    @Test func theMeasurementDecidesNotTheInstructionSet() throws {
        var speeds = Self.speeds
        speeds["SkylakeX"] = 210
        var library = Self.library(own: "Prescott", speeds: speeds)
        #expect(try choose(Self.emeraldRapids, &library).core == "SkylakeX")

        speeds["Zen"] = 80
        speeds["Haswell"] = 90
        var amd = Self.library(own: "Zen", speeds: speeds)
        let choice = try choose(Self.zen3, &amd)
        #expect(choice.core == "Haswell")
        #expect(choice.reason == .fastest(libraryCore: "Zen"))
        #expect(choice.rates.mapValues { $0.rounded() } == ["Zen": 80, "Haswell": 90])
        #expect(choice.library == amd.file)
        #expect(amd.loaded == .some("Haswell"))
    }

    @Test func openBLASsOwnChoiceStandsUnlessAnotherIsClearlyFaster() throws {
        var speeds = Self.speeds
        speeds["Zen"] = 95
        var library = Self.library(own: "Zen", speeds: speeds)
        let choice = try choose(Self.zen3, &library)
        #expect(choice.core == "Zen")
        #expect(choice.reason == .libraryChoice)
        #expect(choice.explanation.hasPrefix("Zen (OpenBLAS's own choice; measured here: Zen 95.0, Haswell 90.0"))
        #expect(library.loaded == .some(nil))   // loaded without OPENBLAS_CORETYPE, as OpenBLAS would be

        speeds["Zen"] = 82                      // Haswell 9.8% faster: within the noise of a shared machine
        var close = Self.library(own: "Zen", speeds: speeds)
        #expect(try choose(Self.zen3, &close).core == "Zen")
        speeds["Zen"] = 81                      // 11.1% faster
        var clear = Self.library(own: "Zen", speeds: speeds)
        #expect(try choose(Self.zen3, &clear).core == "Haswell")
    }

    @Test func aCoreThatComputesWrongIsSkippedWithOneWarning() throws {
        var library = Self.library(own: "Prescott", failing: ["Cooperlake": .wrong(worstError: 0.31)])
        let choice = try choose(Self.emeraldRapids, &library)
        #expect(choice.core == "SkylakeX")
        #expect(choice.warnings == ["OpenBLAS core Cooperlake fails the self-check (wrong products, worst relative error 3.10e-01); trying the next"])
        #expect(choice.rates["Cooperlake"] == nil)
        #expect(library.loaded == .some("SkylakeX"))
    }

    @Test func aCoreThatCrashesIsSkippedToo() throws {
        var library = Self.library(own: "Prescott", failing: ["Cooperlake": .crashed(signal: SIGILL), "SkylakeX": .crashed(signal: SIGSEGV)])
        let choice = try choose(Self.emeraldRapids, &library)
        #expect(choice.core == "Haswell")
        #expect(choice.warnings.count == 2)
        #expect(choice.warnings[0].contains("Cooperlake fails the self-check (crashed with signal \(SIGILL))"))
    }

    @Test func aCoreTheLibraryLacksIsSkippedSilently() throws {
        var library = Self.library(own: "Prescott")
        library.cores["Cooperlake"] = nil
        let choice = try choose(Self.emeraldRapids, &library)
        #expect(choice.core == "SkylakeX")
        #expect(choice.rates["Cooperlake"] == nil)
        #expect(choice.warnings == [])
    }

    @Test func aCoreNameThisTableDoesNotKnowIsTrusted() throws {
        var library = Self.library(own: "Prescott")
        library.own = "GraniteRapids"
        library.cores["GraniteRapids"] = Self.good
        let choice = try choose(Self.emeraldRapids, &library)
        #expect(choice.core == "GraniteRapids")
        #expect(choice.reason == .libraryChoice)
        #expect(library.loaded == .some(nil))
    }

    @Test func aProcessorWithoutAVXKeepsOpenBLASsChoice() throws {
        var library = Self.library(own: "Core2")
        library.cores["Core2"] = Self.good
        let choice = try choose(Self.sse, &library)
        #expect(choice.core == "Core2")
        #expect(choice.reason == .libraryChoice)
    }

    @Test func theUsersCoreTypeWinsWhenItPasses() throws {
        var library = Self.library(own: "Prescott")
        let choice = try choose(Self.emeraldRapids, &library, user: "haswell")
        #expect(choice == BLASCoreChoice(core: "Haswell", reason: .userSetting))
        #expect(library.loaded == .some("haswell"))
        #expect(!choice.wasMeasured)
    }

    @Test func theUsersCoreTypeIsReplacedWhenItCrashes() throws {
        var library = Self.library(own: "Zen", failing: ["SkylakeX": .crashed(signal: SIGILL)])
        let choice = try choose(Self.zen3, &library, user: "SkylakeX")
        #expect(choice.core == "Haswell")
        #expect(choice.warnings == ["OPENBLAS_CORETYPE=SkylakeX fails the self-check (crashed with signal \(SIGILL)); choosing a core instead"])
    }

    @Test func aRememberedChoiceIsCheckedNotMeasured() throws {
        let remembered = BLASCoreChoice(core: "Zen", reason: .fastest(libraryCore: "Zen"), rates: ["Zen": 99, "Haswell": 98],
                                        library: "/usr/lib/libopenblasp-r0.3.21.so")
        var library = Self.library(own: "Zen")
        #expect(try choose(Self.zen3, &library, remembered: remembered) == remembered)
        #expect(library.loaded == .some("Zen"))

        library.cores["Zen"] = .wrong(worstError: 1)   // no longer passes: measured anew
        #expect(try choose(Self.zen3, &library, remembered: remembered).core == "Haswell")

        var upgraded = Self.library(own: "Zen")         // another library file: measured anew
        upgraded.file = "/usr/lib/libopenblasp-r0.3.26.so"
        let choice = try choose(Self.zen3, &upgraded, remembered: remembered)
        #expect(choice.core == "Haswell")
        #expect(choice.library == upgraded.file)
    }

    @Test func theGenericKernelsAreTheLastResort() throws {
        var library = Self.library(own: "Zen", failing: ["Zen": .wrong(worstError: 1), "Haswell": .wrong(worstError: 1),
                                                         "Sandybridge": .crashed(signal: SIGILL)])
        let choice = try choose(Self.zen3, &library)
        #expect(choice.core == "Prescott")
        #expect(choice.reason == .lastResort)
        #expect(choice.warnings.count == 2)   // Zen and Haswell; Sandybridge is weaker than Zen and not tried
    }

    @Test func noCorePassingIsAnError() throws {
        var library = Self.library(own: "Prescott", failing: Dictionary(uniqueKeysWithValues: Self.all.map { ($0, .wrong(worstError: 1)) }))
        do {
            _ = try choose(Self.emeraldRapids, &library)
            Issue.record("no error")
        } catch let error as BLASCoreChoiceError {
            #expect(error.tried == ["Prescott", "Cooperlake", "SkylakeX", "Haswell", "Zen", "Sandybridge"])
            #expect(error.description.contains("set OPENBLAS_CORETYPE"))
        }
    }
}

/// The real library in this process.
@Suite struct OpenBLASTests {
    /// On a processor with AVX2 the products run on AVX2 kernels or better, never a generic core,
    /// unless the user chose one.
    @Test func theRunningCoreMatchesTheProcessor() throws {
        let blas = try OpenBLAS.load()
        if let user = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"], blas.choice.reason == .userSetting {
            #expect(blas.choice.core.lowercased() == user.lowercased())
            return
        }
        let tier = try #require(OpenBLASCore.tier(of: blas.choice.core))
        if blas.processor.hasAVX2 { #expect(tier >= .avx2, "\(blas.summary)") }
        if blas.processor.hasAVX512 { #expect(tier >= .avx512, "\(blas.summary)") }
    }

    @Test func theLoadedKernelsPassTheSelfCheckAndAreTimed() throws {
        let trial = OpenBLAS.trial(core: try OpenBLAS.load().choice.core,
                                    timing: BLASCoreChoice.measuredProducts.map { ($0.m, $0.n, $0.k) })
        guard case .passed(let worst) = trial.check else { Issue.record("\(trial.check)"); return }
        #expect(worst < 1e-5)
        #expect(trial.rates.count == BLASCoreChoice.measuredProducts.count)
        #expect(trial.rates.allSatisfy { $0 > 0.1 && $0.isFinite })
        #expect(trial.library?.hasPrefix("/") == true)
    }

    /// Skylake-X's kernels on a processor without AVX-512 die of an illegal instruction; the
    /// trial reports it instead of taking the process down.
    @Test(.enabled(if: !ProcessorFeatures.current.hasAVX512 && ProcessorFeatures.current.hasAVX2))
    func kernelsTheProcessorCannotRunAreReportedAsCrashed() {
        #expect(OpenBLAS.trial(core: "SkylakeX").check == .crashed(signal: SIGILL))
    }

    @Test func theProcessorIsRead() {
        let processor = ProcessorFeatures.current
        #if arch(x86_64)
        #expect(["GenuineIntel", "AuthenticAMD", "HygonGenuine"].contains(processor.vendor))
        #expect(processor.family >= 6)
        #endif
        #expect(!processor.summary.isEmpty)
    }
}
