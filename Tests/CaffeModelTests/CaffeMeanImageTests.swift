import CaffeModel
import CaffeTestSupport
import Testing

@Suite struct CaffeMeanImageTests {
    /// Three 2x2 channel planes with means 104, 117 and 123 (Caffe's ImageNet BGR means):
    /// each plane is mean + (-3, -1, 1, 3), which averages to the mean.
    static let planes: [Float] = [101, 103, 105, 107, 114, 116, 118, 120, 120, 122, 124, 126]

    @Test func readsLegacyBinaryProtoAndChannelMeans() throws {
        // As compute_image_mean writes it: num 1, channels 3, height 2, width 2, packed data.
        let bytes = RawCaffe.legacyBlob([1, 3, 2, 2], data: Self.planes, packed: true).bytes
        let mean = try CaffeMeanImage(serialized: bytes, file: "mean.binaryproto")
        #expect(mean == CaffeMeanImage(channels: 3, height: 2, width: 2, data: Self.planes))
        #expect(mean.channelMeans == [104, 117, 123])
        #expect(try CaffeMeanImage(serialized: mean.serialized()) == mean)
    }

    @Test func readsShapeWithDoubleData() throws {
        let bytes = RawCaffe.doubleBlob(shape: [3, 2, 2], data: Self.planes.map(Double.init)).bytes
        let mean = try CaffeMeanImage(serialized: bytes)
        #expect(mean.data == Self.planes)
        #expect(mean.channelMeans == [104, 117, 123])
    }

    @Test func readsFromDisk() throws {
        let directory = try TemporaryDirectory()
        let url = try directory.write(RawCaffe.legacyBlob([1, 3, 2, 2], data: Self.planes, packed: false).bytes,
                                      to: "places205_mean.binaryproto")
        #expect(try CaffeMeanImage(contentsOf: url).channelMeans == [104, 117, 123])
    }

    @Test func rejectsBadMeans() {
        let batch = RawCaffe.blob(shape: [2, 3, 1, 2], data: Self.planes).bytes
        #expect(throws: CaffeModelError.invalidMean(file: "m", shape: [2, 3, 1, 2])) {
            _ = try CaffeMeanImage(serialized: batch, file: "m")
        }
        let short = RawCaffe.legacyBlob([1, 3, 2, 2], data: Array(Self.planes.dropLast()), packed: true).bytes
        let error = CaffeModelError.shapeMismatch(file: "m", layer: nil, blob: 0, shape: [1, 3, 2, 2], expected: 12, found: 11)
        #expect(throws: error) { _ = try CaffeMeanImage(serialized: short, file: "m") }
        #expect(error.description == "m: blob has shape [1, 3, 2, 2] (12 values) but holds 11 values")
        #expect(throws: CaffeModelError.wire(file: "m", .truncated(offset: 2, needed: 48, available: 4))) {
            _ = try CaffeMeanImage(serialized: [0x2A, 0x30, 0, 0, 0, 0], file: "m")
        }
    }
}
