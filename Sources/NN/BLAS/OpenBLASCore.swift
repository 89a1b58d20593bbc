/// OpenBLAS's kernel sets ("cores") for x86-64, ranked by the vector instructions they use, and
/// the ones a processor can run, best first.
///
/// The names are the ones OpenBLAS prints (`openblas_get_corename`) and accepts in
/// `OPENBLAS_CORETYPE`. Within a tier the kernels differ in blocking, not in instructions.
public enum OpenBLASCore {
    /// How wide the vector instructions a core's kernels use are; higher is faster for sgemm.
    public enum Tier: Int, Comparable, Sendable {
        case sse = 1, avx, avx2, avx512, avx512bf16

        public static func < (a: Tier, b: Tier) -> Bool { a.rawValue < b.rawValue }
    }

    private static let tiers: [String: Tier] = [
        "cooperlake": .avx512bf16, "sapphirerapids": .avx512bf16,
        "skylakex": .avx512,
        "haswell": .avx2, "zen": .avx2,
        "sandybridge": .avx, "bulldozer": .avx, "piledriver": .avx, "steamroller": .avx, "excavator": .avx,
        "prescott": .sse, "core2": .sse, "penryn": .sse, "dunnington": .sse, "nehalem": .sse, "atom": .sse,
        "nano": .sse, "opteron": .sse, "opteron_sse3": .sse, "barcelona": .sse, "bobcat": .sse,
        "katmai": .sse, "coppermine": .sse, "northwood": .sse, "banias": .sse, "athlon": .sse,
    ]

    /// The tier of a core name, or nil for one this table does not know: a library newer than
    /// it, whose own choice is then trusted.
    public static func tier(of core: String) -> Tier? { tiers[core.lowercased()] }

    /// The SSE3 kernels every x86-64 processor runs: the last resort.
    public static let generic = "Prescott"

    /// The cores `processor` can run, fastest for sgemm first. On processors with AVX-512 BF16
    /// the Cooper Lake kernels ran sgemm up to twice as fast as Skylake-X's (docs/PERFORMANCE.md);
    /// AMD's own AVX2 blocking goes before Intel's on AMD processors and after it elsewhere.
    public static func candidates(for processor: ProcessorFeatures) -> [String] {
        var cores: [String] = []
        if processor.hasAVX512BF16 { cores.append("Cooperlake") }
        if processor.hasAVX512 { cores.append("SkylakeX") }
        if processor.hasAVX2 { cores += processor.isAMD ? ["Zen", "Haswell"] : ["Haswell", "Zen"] }
        if processor.avx { cores.append("Sandybridge") }
        return cores
    }
}
