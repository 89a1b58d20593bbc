import BLASBridge

/// The processor as CPUID reports it: who made it, its model, and the vector instructions that
/// both it and the operating system support (the ones OpenBLAS's kernels are written for).
public struct ProcessorFeatures: Sendable, Equatable {
    public var vendor: String
    public var brand: String
    public var family: Int
    public var model: Int
    public var avx = false, fma = false, avx2 = false
    public var avx512f = false, avx512dq = false, avx512cd = false, avx512bw = false, avx512vl = false
    public var avx512bf16 = false

    public init(vendor: String, brand: String = "", family: Int = 0, model: Int = 0) {
        self.vendor = vendor
        self.brand = brand
        self.family = family
        self.model = model
    }

    /// The processor this process runs on.
    public static let current: ProcessorFeatures = {
        var raw = BLASBridgeProcessor()
        blas_bridge_read_processor(&raw)
        let vendor = withUnsafeBytes(of: raw.vendor) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let brand = withUnsafeBytes(of: raw.brand) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        var features = ProcessorFeatures(vendor: vendor, brand: brand.trimmingSpaces,
                                         family: Int(raw.family), model: Int(raw.model))
        features.avx = raw.avx
        features.fma = raw.fma
        features.avx2 = raw.avx2
        features.avx512f = raw.avx512f
        features.avx512dq = raw.avx512dq
        features.avx512cd = raw.avx512cd
        features.avx512bw = raw.avx512bw
        features.avx512vl = raw.avx512vl
        features.avx512bf16 = raw.avx512bf16
        return features
    }()

    public var isAMD: Bool { vendor == "AuthenticAMD" || vendor == "HygonGenuine" }

    /// AVX2 with FMA: what OpenBLAS's Haswell and Zen kernels use.
    public var hasAVX2: Bool { avx2 && fma }
    /// The AVX-512 subsets OpenBLAS's Skylake-X kernels use.
    public var hasAVX512: Bool { hasAVX2 && avx512f && avx512dq && avx512cd && avx512bw && avx512vl }
    /// AVX-512 with BF16 (Cooper Lake, Sapphire Rapids, Emerald Rapids, Zen 4).
    public var hasAVX512BF16: Bool { hasAVX512 && avx512bf16 }

    /// The widest vector extensions, for a header line: "AVX-512 BF16", "AVX2 FMA", ...
    public var vectorSummary: String {
        if hasAVX512BF16 { return "AVX-512 BF16" }
        if hasAVX512 { return "AVX-512" }
        if hasAVX2 { return "AVX2 FMA" }
        if avx { return "AVX" }
        return "SSE"
    }

    /// "Intel(R) Xeon(R) Platinum 8581C (family 6, model 207; AVX-512 BF16)".
    public var summary: String {
        let name = brand.isEmpty ? vendor : brand
        return "\(name) (family \(family), model \(model); \(vectorSummary))"
    }
}

private extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
