import Classifier
import NN
import Testing

@Suite struct NetworkOwnClassesTests {
    /// Four images of two true classes through a 3-output layer; the third row is unreadable.
    /// argmax: class 0 → outputs 2, 2; class 1 → 0 (the unreadable row is skipped).
    /// Purity: output 2 holds 2 of class 0, output 0 holds 1 of class 1 → 3 / 3.
    @Test func countsArgmaxAgainstTrueClasses() {
        let features = DatasetFeatures(
            features: Tensor(shape: [4, 3], scalars: [0, 1, 5, 0.2, 0.1, 0.3, 9, 9, 9, 4, 1, 2]),
            readable: [true, true, false, true], skipped: [])
        let own = NetworkOwnClasses(features: features, labels: [0, 0, 1, 1], classCount: 2)
        #expect(own.counts == [[0, 0, 2], [1, 0, 0]])
        #expect(own.purity == 1)
        let mixed = NetworkOwnClasses(features: DatasetFeatures(features: Tensor(shape: [2, 3], scalars: [1, 0, 0, 1, 0, 0]),
                                                                readable: [true, true], skipped: []),
                                      labels: [0, 1], classCount: 2)
        #expect(mixed.counts == [[1, 0, 0], [1, 0, 0]] && mixed.purity == 0.5)
    }
}
