/// The examples of one split, in the source's order (loaders shuffle).
public struct DatasetSplit: Sendable {
    public let name: SplitName
    /// The folder or file the examples come from, for messages.
    public let origin: String
    public let examples: [Example]
    /// The source's class names, indexed by `Example.label`.
    public let classNames: [String]

    public init(name: SplitName, origin: String, examples: [Example], classNames: [String]) {
        self.name = name
        self.origin = origin
        self.examples = examples
        self.classNames = classNames
    }

    public var count: Int { examples.count }

    /// Whether every example has a class (and there is at least one example).
    public var isLabelled: Bool { !examples.isEmpty && examples.allSatisfy { $0.label != nil } }
}
