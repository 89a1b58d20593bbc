/// Failures caused by the data on disk: each description is one line naming the path.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    /// The default Fashion-MNIST folder is absent: Debian's package is not installed.
    case fashionMNISTMissing(String)
    /// A validation or test split holds a class that the training split has no image of.
    case classMissingFromTraining(className: String, split: String, folder: String)
    /// A split with no example at all, so there is nothing to iterate.
    case emptySplit(split: String, folder: String)
    /// Every example of a split failed to decode.
    case noReadableImages(split: String, folder: String, skipped: Int)

    public var description: String {
        switch self {
        case .notFound(let path):
            return "\(path): no such file or folder"
        case .fashionMNISTMissing(let path):
            return "\(path): Fashion-MNIST is not installed; install it with `apt-get install dataset-fashion-mnist` or give another data path"
        case .classMissingFromTraining(let className, let split, let folder):
            return "\(folder): the \(split) split has class '\(className)', which the training split has no image of"
        case .emptySplit(let split, let folder):
            return "\(folder): the \(split) split holds no images"
        case .noReadableImages(let split, let folder, let skipped):
            return "\(folder): none of the \(skipped) images of the \(split) split could be read"
        }
    }
}
