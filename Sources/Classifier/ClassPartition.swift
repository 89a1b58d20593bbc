import Datasets
import NN

/// Borthakur & Einhorn's split of a dataset's classes, fixed by one seed: halves A (pre-training)
/// and B (transfer), each of at least two classes, and within A a random half-partition whose
/// membership the binary auxiliary head predicts.
public struct ClassPartition: Sendable, Equatable, Codable {
    public let seed: UInt64
    /// Class indices of the dataset, ascending.
    public let a: [Int]
    public let b: [Int]
    /// The classes of A whose binary target is 1 (the others' is 0), ascending.
    public let binaryHalf: [Int]

    /// A takes ⌊n/2⌋ of the n classes, B the rest; the binary half is ⌈|A|/2⌉ of A's.
    public init(classCount: Int, seed: UInt64, dataset: String) throws {
        guard classCount >= 4 else { throw ClassifierError.tooFewClassesToSplit(dataset: dataset, classes: classCount) }
        var generator = SeededGenerator(seed: seed)
        var classes = Array(0..<classCount)
        SeedStreams.shuffle(&classes, using: &generator)
        let a = Array(classes[..<(classCount / 2)])
        var shuffledA = a
        SeedStreams.shuffle(&shuffledA, using: &generator)
        self.seed = seed
        self.a = a.sorted()
        b = classes[(classCount / 2)...].sorted()
        binaryHalf = shuffledA[..<((a.count + 1) / 2)].sorted()
    }

    /// Per class of A (in `a`'s order), the binary target: 1 in `binaryHalf`, else 0.
    public var binaryTargets: [Float] { a.map { binaryHalf.contains($0) ? 1 : 0 } }
}
