import Foundation
import ImageFiles
import Testing

@Suite struct IDXTests {
    static let pixels: [UInt8] = [0, 51, 102, 153, 204, 255,  10, 20, 30, 40, 50, 60]   // 2 images, 2x3
    static let fashionMNIST = "/usr/share/datasets/fashion-mnist"

    private func failure(_ body: () throws -> Void) -> ImageFilesError? {
        do { try body() } catch let error as ImageFilesError { return error } catch { return nil }
        return nil
    }

    @Test(arguments: [false, true]) func readsTinyFiles(gzip: Bool) throws {
        let folder = try Fixtures.temporaryFolder()
        let images = folder + "/images", labels = folder + "/labels"
        Fixtures.write(Fixtures.idx(magic: 0x803, sizes: [2, 2, 3], bytes: Self.pixels), to: images, gzip: gzip)
        Fixtures.write(Fixtures.idx(magic: 0x801, sizes: [2], bytes: [3, 7]), to: labels, gzip: gzip)

        let dataset = try IDXDataset(imagesFile: images, labelsFile: labels)
        #expect(dataset.count == 2)
        #expect((dataset.images.height, dataset.images.width) == (2, 3))
        #expect(dataset.images.pixels == Self.pixels)
        #expect(dataset.labels.labels == [3, 7])
        let batch = dataset.images.batch([1, 0])
        #expect(batch.shape == [2, 1, 2, 3])
        #expect(batch.scalars == (Self.pixels[6...] + Self.pixels[..<6]).map { Float($0) / 255 })
        #expect(dataset.images.batch([0], channels: 3).shape == [1, 3, 2, 3])
        let image = dataset.images.image(0)
        #expect(image[2, 1, 2] == 1 && image[0, 0, 1] == 0.2)
        #expect(dataset.images.image(1).tensor.scalars == dataset.images.batch([1], channels: 3).scalars)
    }

    @Test func wrongMagicTruncationAndMismatchedCounts() throws {
        let folder = try Fixtures.temporaryFolder()
        let labels = folder + "/labels.gz"
        Fixtures.write(Fixtures.idx(magic: 0x801, sizes: [3], bytes: [1, 2, 3]), to: labels, gzip: true)
        let wrongMagic = failure { _ = try IDXImages(contentsOfFile: labels) }
        #expect(wrongMagic == .idxWrongMagic(file: labels, expected: 0x803, found: 0x801))
        #expect(wrongMagic?.description == "\(labels): not an IDX file of the expected kind: magic 0x00000801, expected 0x00000803")

        let truncated = folder + "/truncated"
        Fixtures.write(Fixtures.idx(magic: 0x803, sizes: [2, 2, 3], bytes: Array(Self.pixels.dropLast())), to: truncated, gzip: false)
        let error = failure { _ = try IDXImages(contentsOfFile: truncated) }
        #expect(error == .idxWrongLength(file: truncated, expected: 16 + 12, found: 16 + 11))
        #expect(error?.description == "\(truncated): truncated IDX data: header promises 28 bytes, found 27")
        Fixtures.write([0, 0], to: truncated, gzip: true)
        #expect(failure { _ = try IDXLabels(contentsOfFile: truncated) } == .idxWrongLength(file: truncated, expected: 4, found: 2))

        // A gzip stream cut in half: zlib reports the early end.
        let images = folder + "/images.gz"
        Fixtures.write(Fixtures.idx(magic: 0x803, sizes: [2, 2, 3], bytes: Self.pixels), to: images, gzip: true)
        let whole = try Data(contentsOf: URL(fileURLWithPath: images))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: images))
        guard case .unreadable(images, let reason)? = failure({ _ = try IDXImages(contentsOfFile: images) }) else {
            Issue.record("a cut gzip stream should be unreadable"); return
        }
        #expect(reason == "gzip: unexpected end of file", "\(reason)")

        Fixtures.write(Fixtures.idx(magic: 0x803, sizes: [2, 2, 3], bytes: Self.pixels), to: images, gzip: true)
        #expect(failure { _ = try IDXDataset(imagesFile: images, labelsFile: labels) }
                == .idxCountMismatch(images: images, imageCount: 2, labels: labels, labelCount: 3))
        #expect(failure { _ = try IDXLabels(contentsOfFile: folder + "/absent.gz") } == .missingFile(folder + "/absent.gz"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: fashionMNIST + "/t10k-images-idx3-ubyte.gz"),
                   "Fashion-MNIST is not installed at /usr/share/datasets/fashion-mnist (Debian: dataset-fashion-mnist)"))
    func readsFashionMNISTTestSet() throws {
        let dataset = try IDXDataset(imagesFile: Self.fashionMNIST + "/t10k-images-idx3-ubyte.gz",
                                     labelsFile: Self.fashionMNIST + "/t10k-labels-idx1-ubyte.gz")
        #expect(dataset.count == 10_000)
        #expect((dataset.images.height, dataset.images.width) == (28, 28))
        var perClass = [Int](repeating: 0, count: 10)
        for label in dataset.labels.labels { perClass[label] += 1 }
        #expect(perClass == [Int](repeating: 1000, count: 10))   // the test set is balanced
        #expect(dataset.images.pixels.contains(255) && dataset.images.pixels.contains(0))
    }
}
