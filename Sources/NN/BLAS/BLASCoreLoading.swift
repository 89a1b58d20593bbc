/// What choosing needs of an OpenBLAS library; tests stand in for the real one.
public protocol BLASCoreLoading {
    /// Loads the library with `OPENBLAS_CORETYPE` set to `core` (nil: unset) apart from this
    /// process and checks its products; with `timing`, a core that passes is also timed on
    /// `BLASCoreChoice.measuredProducts`.
    func trial(core: String?, timing: Bool) -> BLASTrial
    /// Loads the library with `OPENBLAS_CORETYPE` set to `core` (nil: unset) into this process.
    mutating func load(core: String?) throws
}
