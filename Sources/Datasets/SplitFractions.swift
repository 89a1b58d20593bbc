/// The shares of a dataset for training, validation and test, used for the splits a source does
/// not provide itself.
public struct SplitFractions: Sendable, Equatable {
    public let train: Double
    public let validation: Double
    public let test: Double

    public init(train: Double, validation: Double, test: Double) {
        precondition(train >= 0 && validation >= 0 && test >= 0 && abs(train + validation + test - 1) < 1e-9,
                     "split fractions \(train), \(validation), \(test) must be non-negative and add up to 1")
        self.train = train
        self.validation = validation
        self.test = test
    }

    /// 80% training, 10% validation, 10% test.
    public static let standard = SplitFractions(train: 0.8, validation: 0.1, test: 0.1)

    public subscript(split: SplitName) -> Double {
        switch split {
        case .train: return train
        case .validation: return validation
        case .test: return test
        }
    }
}
