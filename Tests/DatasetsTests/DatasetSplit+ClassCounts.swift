import Datasets

extension DatasetSplit {
    /// How many examples each class has, indexed by label.
    var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classNames.count)
        for example in examples {
            if let label = example.label { counts[label] += 1 }
        }
        return counts
    }
}
