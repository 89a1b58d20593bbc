import Classifier
import Testing

@Suite struct ClassificationMetricsTests {
    static func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-12 }
    }

    /// Worked by hand (scikit-learn's definitions give the same).
    @Test func threeClasses() {
        let m = ClassificationMetrics(labels: [0, 0, 0, 1, 1, 2, 2, 2], predictions: [0, 0, 1, 1, 2, 2, 2, 0], classCount: 3)
        #expect(m.confusion == [[2, 1, 0], [0, 1, 1], [1, 0, 2]])
        #expect(m.accuracy == 5.0 / 8)
        #expect(Self.close(m.precision, [2.0 / 3, 1.0 / 2, 2.0 / 3]) && Self.close(m.recall, [2.0 / 3, 1.0 / 2, 2.0 / 3]))
        #expect(Self.close(m.f1, [2.0 / 3, 1.0 / 2, 2.0 / 3]) && abs(m.macroF1 - 11.0 / 18) < 1e-12)
    }

    /// A class never predicted has precision 0; macro-F1 averages only the classes that occur.
    @Test func classesAbsentFromLabelsOrPredictions() {
        let m = ClassificationMetrics(labels: [0, 0, 1, 1], predictions: [0, 0, 0, 1], classCount: 4)
        #expect(m.accuracy == 0.75)
        #expect(Self.close(m.precision, [2.0 / 3, 1, 0, 0]) && Self.close(m.recall, [1, 0.5, 0, 0]))
        #expect(Self.close(m.f1, [0.8, 2.0 / 3, 0, 0]) && abs(m.macroF1 - (0.8 + 2.0 / 3) / 2) < 1e-12)

        let predictedOnly = ClassificationMetrics(labels: [0, 0], predictions: [0, 1], classCount: 2)
        #expect(Self.close(predictedOnly.precision, [1, 0]) && Self.close(predictedOnly.recall, [0.5, 0]))
        #expect(abs(predictedOnly.macroF1 - 1.0 / 3) < 1e-12)

        let perfect = ClassificationMetrics(labels: [1, 0, 1], predictions: [1, 0, 1], classCount: 2)
        #expect(perfect.accuracy == 1 && perfect.macroF1 == 1 && perfect.confusion == [[1, 0], [0, 2]])
    }

    @Test func summariesUseTheSampleStandardDeviation() {
        let s = SampleSummary([1, 2, 3, 4])
        #expect(s.mean == 2.5 && abs(s.standardDeviation - (5.0 / 3).squareRoot()) < 1e-12 && s.count == 4)
        #expect(s.formatted() == "2.500 ± 1.291" && SampleSummary([0.7]).standardDeviation == 0)
    }
}
