/// Training, validation and test examples of a data source.
///
/// Splits the source provides (split folders; the official IDX test file) are used as they are;
/// missing ones are carved from the training examples, and a source without any split of its own
/// is divided whole, each time by a seeded stratified split (`StratifiedPartition`), so every class
/// keeps its share in every split and a seed fixes the result.
public struct DatasetSplits: Sendable {
    public let classNames: [String]
    public let train: DatasetSplit
    public let validation: DatasetSplit
    public let test: DatasetSplit
    /// The splits made here rather than found in the source.
    public let carved: Set<SplitName>

    /// - Parameters:
    ///   - fractions: the shares of the splits to carve; with some splits given by the source, the
    ///     missing ones take their shares relative to training (validation 0.1 of 0.9 with an
    ///     official test set).
    ///   - limit: at most this many examples per split, a seeded stratified subset, for quick runs.
    public init(source: DataSource, fractions: SplitFractions = .standard, seed: UInt64, limit: Int? = nil) throws {
        precondition(limit.map { $0 > 0 } ?? true, "an example limit must be positive, not \(limit!)")
        var examples: [SplitName: [Example]] = [:], origins: [SplitName: String] = [:]
        var carved = Set<SplitName>()
        var generator = SeedStreams.generator(seed, SeedStreams.splitting)

        let given = source.presplit
        let pool = source.presplit.isEmpty ? source.unsplit : (source.presplit[.train] ?? [])
        let poolOrigin = source.origins[.train] ?? source.path
        let toCarve = SplitName.allCases.filter { given[$0] == nil && $0 != .train }
        for (name, list) in given {
            examples[name] = list
            origins[name] = source.origins[name] ?? source.path
        }
        let shares = [fractions.train] + toCarve.map { fractions[$0] }
        let total = shares.reduce(0, +)
        if !toCarve.isEmpty && total > 0 && !pool.isEmpty {
            let sizes = StratifiedPartition.sizes(count: pool.count, fractions: shares.map { $0 / total })
            let parts = StratifiedPartition.partition(labels: pool.map(\.label), sizes: sizes, using: &generator)
            for (name, part) in zip([SplitName.train] + toCarve, parts) {
                examples[name] = part.map { pool[$0] }
                origins[name] = poolOrigin
            }
            carved.formUnion(toCarve)
            if source.presplit.isEmpty { carved.insert(.train) }
        }

        try Self.checkClassesAreTrained(examples, origins: origins, carved: carved, classNames: source.classNames)

        func split(_ name: SplitName) -> DatasetSplit {
            var list = examples[name] ?? []
            if let limit, list.count > limit {
                let stream = UInt64(SplitName.allCases.firstIndex(of: name)!)
                var subsetGenerator = SeedStreams.generator(seed, SeedStreams.limiting, stream)
                let kept = StratifiedPartition.partition(labels: list.map(\.label), sizes: [limit, list.count - limit],
                                                         using: &subsetGenerator)[0]
                list = kept.map { list[$0] }
            }
            return DatasetSplit(name: name, origin: origins[name] ?? poolOrigin, examples: list, classNames: source.classNames)
        }
        classNames = source.classNames
        train = split(.train)
        validation = split(.validation)
        test = split(.test)
        self.carved = carved
    }

    public subscript(name: SplitName) -> DatasetSplit {
        switch name {
        case .train: return train
        case .validation: return validation
        case .test: return test
        }
    }

    /// A classifier cannot learn a class that training lacks, so a given validation or test split
    /// with a class that has no training image is an error, found here rather than as a puzzling
    /// score later. Checked before `limit` could drop a rare class by chance.
    private static func checkClassesAreTrained(_ examples: [SplitName: [Example]], origins: [SplitName: String],
                                               carved: Set<SplitName>, classNames: [String]) throws {
        guard let train = examples[.train], !train.isEmpty else { return }
        let trained = Set(train.compactMap(\.label))
        for name in [SplitName.validation, .test] where !carved.contains(name) {
            if let missing = (examples[name] ?? []).compactMap(\.label).filter({ !trained.contains($0) }).min() {
                throw DatasetError.classMissingFromTraining(className: classNames[missing], split: name.rawValue,
                                                            folder: origins[name]!)
            }
        }
    }
}
