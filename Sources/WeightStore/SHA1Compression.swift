/// The SHA-1 compression function of one 64-byte block (FIPS 180-4), for `BlockHasher`.
struct SHA1Compression: BlockCompression {
    private var state: [UInt32] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476, 0xc3d2_e1f0]
    private var schedule = [UInt32](repeating: 0, count: 80)

    init() {}

    var digest: [UInt8] { bigEndianBytes(state) }

    mutating func compress(_ block: UnsafeRawBufferPointer) {
        state.withUnsafeMutableBufferPointer { h in
            schedule.withUnsafeMutableBufferPointer { w in
                for t in 0..<16 { w[t] = bigEndianWord(block, at: 4 * t) }
                for t in 16..<80 { w[t] = rotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1) }
                var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
                for t in 0..<80 {
                    let f: UInt32, k: UInt32
                    switch t {
                    case 0..<20: f = (b & c) | (~b & d); k = 0x5a82_7999
                    case 20..<40: f = b ^ c ^ d; k = 0x6ed9_eba1
                    case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8f1b_bcdc
                    default: f = b ^ c ^ d; k = 0xca62_c1d6
                    }
                    let temp = rotateLeft(a, 5) &+ f &+ e &+ k &+ w[t]
                    e = d; d = c; c = rotateLeft(b, 30); b = a; a = temp
                }
                h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
            }
        }
    }
}
