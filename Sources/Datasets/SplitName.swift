/// The three parts of a dataset, named as the split folders are.
public enum SplitName: String, Sendable, CaseIterable, Comparable {
    case train, validation, test

    public static func < (a: SplitName, b: SplitName) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
