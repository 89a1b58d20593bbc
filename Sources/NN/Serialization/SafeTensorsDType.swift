#if _endian(big)
#error("safetensors data is little-endian; reading it on a big-endian host needs byte swapping")
#endif

/// The element types a safetensors header names, with their sizes in bytes.
///
/// All are known so that any well-formed file can be opened and its layout checked; only the
/// floating-point ones convert to our float32 tensors.
public enum SafeTensorsDType: String, Sendable, CaseIterable {
    case bool = "BOOL"
    case uint8 = "U8"
    case int8 = "I8"
    case float8E5M2 = "F8_E5M2"
    case float8E4M3 = "F8_E4M3"
    case int16 = "I16"
    case uint16 = "U16"
    case float16 = "F16"
    case bfloat16 = "BF16"
    case int32 = "I32"
    case uint32 = "U32"
    case float32 = "F32"
    case float64 = "F64"
    case int64 = "I64"
    case uint64 = "U64"

    public var byteSize: Int {
        switch self {
        case .bool, .uint8, .int8, .float8E5M2, .float8E4M3: return 1
        case .int16, .uint16, .float16, .bfloat16: return 2
        case .int32, .uint32, .float32: return 4
        case .float64, .int64, .uint64: return 8
        }
    }

    /// Whether `decode` can turn this type into float32 (F32 as is, F16/BF16 exactly, F64 rounded).
    public var convertsToFloat: Bool {
        switch self {
        case .float32, .float16, .bfloat16, .float64: return true
        default: return false
        }
    }

    /// Converts little-endian elements of this type to float32; `source` holds exactly
    /// `destination.count` elements and may be unaligned.
    func decode(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableBufferPointer<Float>) {
        precondition(source.count == destination.count * byteSize,
                     "\(source.count) bytes of \(rawValue) for \(destination.count) floats")
        switch self {
        case .float32:
            UnsafeMutableRawBufferPointer(destination).copyMemory(from: source)
        case .float16:
            for i in destination.indices {
                destination[i] = Self.float(fromHalf: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
            }
        case .bfloat16:
            // bfloat16 is the upper half of a float32.
            for i in destination.indices {
                destination[i] = Float(bitPattern: UInt32(source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) << 16)
            }
        case .float64:
            for i in destination.indices {
                destination[i] = Float(Double(bitPattern: source.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)))
            }
        default:
            preconditionFailure("\(rawValue) does not convert to float32")
        }
    }

    /// IEEE half to float, exact. By bits rather than `Float16`, which Intel Macs lack.
    static func float(fromHalf half: UInt16) -> Float {
        let sign = UInt32(half & 0x8000) << 16
        let exponent = UInt32(half >> 10) & 0x1F
        let mantissa = UInt32(half) & 0x3FF
        switch exponent {
        case 0x1F:  // infinity or NaN (payload kept)
            return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
        case 0:     // zero or subnormal: mantissa · 2⁻²⁴
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        default:    // rebias the exponent from 15 to 127
            return Float(bitPattern: sign | (exponent + 112) << 23 | mantissa << 13)
        }
    }
}
