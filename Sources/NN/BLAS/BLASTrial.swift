/// One trial of an OpenBLAS core apart from this process: the core it ran, its self-check, and
/// its rates on the measured products when timed.
public struct BLASTrial: Sendable, Equatable {
    /// The core the library ran (nil when it crashed before saying).
    public var core: String?
    public var check: BLASSelfCheck
    /// GFLOP/s on each measured product, when timed.
    public var rates: [Double]
    /// The library's file, resolved (nil when it crashed before saying).
    public var library: String?

    public init(core: String?, check: BLASSelfCheck, rates: [Double] = [], library: String? = nil) {
        self.core = core
        self.check = check
        self.rates = rates
        self.library = library
    }

    /// GFLOP/s over one pass of the measured products: their work over the time they take.
    public var passRate: Double? {
        let products = BLASCoreChoice.measuredProducts
        guard rates.count == products.count, rates.allSatisfy({ $0 > 0 }) else { return nil }
        let work = products.reduce(0) { $0 + $1.multiplyAdds }
        let seconds = zip(products, rates).reduce(0) { $0 + $1.0.multiplyAdds / $1.1 }
        return work / seconds
    }
}
