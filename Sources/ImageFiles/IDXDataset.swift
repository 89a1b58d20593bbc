/// Matching IDX image and label files, such as Fashion-MNIST's `t10k-images-idx3-ubyte.gz` and
/// `t10k-labels-idx1-ubyte.gz`.
public struct IDXDataset: Sendable {
    public let images: IDXImages
    public let labels: IDXLabels

    public init(imagesFile: String, labelsFile: String) throws {
        images = try IDXImages(contentsOfFile: imagesFile)
        labels = try IDXLabels(contentsOfFile: labelsFile)
        guard images.count == labels.count else {
            throw ImageFilesError.idxCountMismatch(images: imagesFile, imageCount: images.count,
                                                labels: labelsFile, labelCount: labels.count)
        }
    }

    public var count: Int { images.count }
}
