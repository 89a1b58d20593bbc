import NN

/// Random choices derived from a seed and a purpose (the shuffle of epoch 7, the flip of example
/// 12 in epoch 3), each from its own stream, so none depends on what was drawn before it or on
/// which thread draws it. Shuffles are written out here rather than taken from the standard
/// library, whose algorithm may change between Swift versions.
public enum SeedStreams {
    /// Purposes, so that equal numbers for different uses give unrelated streams.
    static let splitting: UInt64 = 1, limiting: UInt64 = 2, shuffling: UInt64 = 3, flipping: UInt64 = 4

    /// SplitMix64's finaliser folded over the values: a well-mixed 64-bit key.
    static func key(_ values: UInt64...) -> UInt64 { fold(values) }

    static func generator(_ values: UInt64...) -> SeededGenerator { SeededGenerator(seed: fold(values)) }

    private static func fold(_ values: [UInt64]) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3
        for value in values {
            var z = (h ^ value) &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            h = z ^ (z >> 31)
        }
        return h
    }

    /// A uniform index in `0..<count` (multiply-high; the bias of count / 2^64 is negligible).
    public static func index(below count: Int, using generator: inout SeededGenerator) -> Int {
        Int(generator.next().multipliedFullWidth(by: UInt64(count)).high)
    }

    /// Fisher-Yates, in place.
    public static func shuffle<T>(_ values: inout [T], using generator: inout SeededGenerator) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(i, index(below: i + 1, using: &generator))
        }
    }
}
