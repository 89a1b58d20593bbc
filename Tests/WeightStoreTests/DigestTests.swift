import Testing
import WeightStore

/// FIPS 180 example vectors (NIST CSRC "Examples with intermediate values").
@Suite struct DigestTests {
    static let twoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
    static let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)

    @Test func sha256Vectors() {
        #expect(SHA256.hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(of: Array(Self.twoBlocks.utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(of: Self.million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func sha1Vectors() {
        #expect(SHA1.hex(of: []) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1.hex(of: Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hex(of: Array(Self.twoBlocks.utf8)) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(SHA1.hex(of: Self.million) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    /// Pieces that start and end inside blocks, and lengths either side of the 55/56-byte padding edge.
    @Test(arguments: [1, 7, 55, 56, 63, 64, 65, 200])
    func piecesGiveTheSameDigest(pieceSize: Int) {
        for length in [0, 55, 56, 57, 64, 119, 120, 300] {
            let message = Fixtures.bytes(length, seed: UInt32(length + 1))
            var sha256 = SHA256()
            var sha1 = SHA1()
            for start in stride(from: 0, to: length, by: pieceSize) {
                let piece = Array(message[start..<min(length, start + pieceSize)])
                sha256.update(piece)
                sha1.update(piece)
            }
            #expect(hexString(sha256.finalize()) == SHA256.hex(of: message), "length \(length)")
            #expect(hexString(sha1.finalize()) == SHA1.hex(of: message), "length \(length)")
        }
    }
}
