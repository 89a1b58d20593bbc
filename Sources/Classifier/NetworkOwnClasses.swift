import NN

/// The classes a network predicts by itself, the argmax of its last stage (LeNet's ip2: the ten
/// MNIST digits), counted against the true classes of labelled images: how a network trained on
/// one task sorts the images of another.
public struct NetworkOwnClasses {
    /// counts[true class][network class].
    public let counts: [[Int]]

    /// `features` are the last stage's outputs, [images, network classes]; unreadable rows are left out.
    public init(features: DatasetFeatures, labels: [Int], classCount: Int) {
        var counts = [[Int]](repeating: [Int](repeating: 0, count: features.width), count: classCount)
        for (row, label) in labels.enumerated() where features.readable[row] {
            var best = 0, bestValue = -Float.infinity
            for column in 0..<features.width where features.features[flat: row * features.width + column] > bestValue {
                (best, bestValue) = (column, features.features[flat: row * features.width + column])
            }
            counts[label][best] += 1
        }
        self.counts = counts
    }

    /// The share of images whose network class is the one most of their true class gets: 1 when
    /// the network sorts every true class into a class of its own, the largest class's share
    /// when it ignores the images.
    public var purity: Double {
        let total = counts.joined().reduce(0, +)
        guard total > 0, let width = counts.first?.count else { return 0 }
        let columnMajorities = (0..<width).map { column in counts.map { $0[column] }.max() ?? 0 }
        return Double(columnMajorities.reduce(0, +)) / Double(total)
    }
}
