/// Every core tried failed the self-check.
public struct BLASCoreChoiceError: Error, CustomStringConvertible {
    public let tried: [String]
    public var description: String {
        "OpenBLAS fails its self-check on this processor with every core tried (\(tried.joined(separator: ", "))); "
            + "set OPENBLAS_CORETYPE to a core that works"
    }
}
