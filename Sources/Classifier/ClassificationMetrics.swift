/// Scores of predicted classes against true ones, as scikit-learn computes them: a class never
/// predicted has precision 0, a class never true has recall 0, and macro-F1 averages F1 over the
/// classes that occur as a label or a prediction.
public struct ClassificationMetrics: Sendable, Equatable, Codable {
    /// `confusion[true][predicted]` counts.
    public let confusion: [[Int]]
    public let accuracy: Double
    public let precision: [Double]
    public let recall: [Double]
    public let f1: [Double]
    public let macroF1: Double

    public init(labels: [Int], predictions: [Int], classCount: Int) {
        precondition(labels.count == predictions.count && !labels.isEmpty,
                     "\(labels.count) labels and \(predictions.count) predictions: need equal, non-zero counts")
        precondition((labels + predictions).allSatisfy { (0..<classCount).contains($0) },
                     "labels and predictions must lie in 0..<\(classCount)")
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
        for (label, predicted) in zip(labels, predictions) { confusion[label][predicted] += 1 }
        let correct = (0..<classCount).reduce(0) { $0 + confusion[$1][$1] }
        let trueCounts = confusion.map { $0.reduce(0, +) }
        let predictedCounts = (0..<classCount).map { c in confusion.reduce(0) { $0 + $1[c] } }
        func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
        let precision = (0..<classCount).map { ratio(confusion[$0][$0], predictedCounts[$0]) }
        let recall = (0..<classCount).map { ratio(confusion[$0][$0], trueCounts[$0]) }
        let f1 = zip(precision, recall).map { p, r in p + r == 0 ? 0 : 2 * p * r / (p + r) }
        let occurring = (0..<classCount).filter { trueCounts[$0] + predictedCounts[$0] > 0 }

        self.confusion = confusion
        accuracy = Double(correct) / Double(labels.count)
        self.precision = precision
        self.recall = recall
        self.f1 = f1
        macroF1 = occurring.map { f1[$0] }.reduce(0, +) / Double(occurring.count)
    }
}
