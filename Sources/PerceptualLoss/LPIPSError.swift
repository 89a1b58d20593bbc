/// Images LPIPS cannot measure.
public enum LPIPSError: Error, Equatable, CustomStringConvertible {
    case imageTooSmall(file: String, width: Int, height: Int)

    public var description: String {
        switch self {
        case let .imageTooSmall(file, width, height):
            return "\(file): \(width)x\(height) is too small for LPIPS's AlexNet, which needs at least "
                + "\(LPIPS.minimumSide)x\(LPIPS.minimumSide) pixels"
        }
    }
}
