import NN

/// A generator in a box, so a test can pass `&box.generator` inline.
final class SeededGeneratorBox {
    var generator: SeededGenerator
    init(_ seed: UInt64) { generator = SeededGenerator(seed: seed) }
    static func make(_ seed: UInt64) -> SeededGeneratorBox { SeededGeneratorBox(seed) }
}
