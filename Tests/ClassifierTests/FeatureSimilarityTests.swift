import Classifier
import Datasets
import FeatureNetworks
import Foundation
import ImageFiles
import NN
import Statistics
import Testing

/// The Gram matrices behind compare-features: the OpenBLAS-blocked float32 Gram against the
/// float64 one, a network's CKA with itself, a perturbed copy and the random control, and the report.
@Suite struct FeatureSimilarityTests {
    /// Features with a large common mean (as ReLU features have), through blocks of 64 columns
    /// and a subset of the rows: the same centred Gram as the float64 one to float32 rounding.
    @Test func blockedFloat32GramMatchesFloat64() throws {
        var generator = SeededGenerator(seed: 4)
        let (n, width) = (9, 300)
        let features = (0..<(n * width)).map { 50 + Float($0 % width) * 0.01 + generator.nextUniform() }
        let rows = [0, 2, 3, 5, 6, 8]
        let blocked = try features.withUnsafeBufferPointer { try CentredGram(features: $0, width: width, rows: rows, blockWidth: 64) }
        let reference = try CentredGram(SampleMatrix(rows: rows.count, columns: width,
                                                     floats: rows.flatMap { features[($0 * width)..<(($0 + 1) * width)] }))
        #expect(blocked.count == 6)
        let scale = reference.values.map(abs).max()!
        for (a, b) in zip(blocked.values, reference.values) { #expect(abs(a - b) <= 1e-5 * scale, "\(a) vs \(b)") }
        #expect(abs(try LinearCKA.similarity(blocked, reference) - 1) < 1e-9)
    }

    /// On twelve pattern pictures at 96x96: ImageNet AlexNet's features against themselves are exactly
    /// alike; against a copy whose weights carry 20% noise, alike but less; and the untrained
    /// control lies below that copy at every layer.
    @Test func theRandomControlIsLowest() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Fixtures.patternFolder(root: folder, splits: [], perClass: 3, seed: 11)
        let examples = try DataSource(path: folder).allExamples
        let layers = ["conv1", "pool2", "pool5"]
        let imagenet = try EmbeddedWeights.imagenetNetwork(), perturbed = try EmbeddedWeights.imagenetNetwork()
        var generator = SeededGenerator(seed: 5)
        for parameter in perturbed.parameters {
            let spread = parameter.value.scalars.map(abs).reduce(0, +) / Float(parameter.value.count)
            parameter.value.scalars = parameter.value.scalars.map { $0 + 0.2 * spread * (2 * generator.nextUniform() - 1) }
        }
        // The untrained control up to pool5 (its fully connected stages are not needed here).
        let convolutional = ReferenceAlexNet.specs(order: .alexnet).prefix { $0.name != "fc6" }
        let control = try FeatureNetwork(name: "random", specs: Array(convolutional), preprocessing: .caffe(meanBGR: ReferenceAlexNet.imagenetMeanBGR),
                                        nativeInputSize: 227) { _ in nil }
        let grams = try [imagenet, perturbed, control].map {
            try LayerGrams(network: $0, layers: layers, examples: examples, origin: folder, imageSize: 96, batchSize: 6)
        }
        let sets = zip(["imagenet", "noisy", "random"], grams).map {
            (set: FeatureSimilarityReport.WeightSet(name: $0, checksum: $0), grams: $1)
        }
        let report = try FeatureSimilarityReport(data: folder, seed: 0, sets: sets)
        #expect(report.images == 12 && report.layers == layers)
        #expect(report.pairs.map(FeatureSimilarityReport.name) == ["imagenet~noisy", "imagenet~random", "noisy~random"])
        let (noisy, random) = (report.pairs[0].cka, report.pairs[1].cka)
        for l in layers.indices {
            #expect(noisy[l] < 1 && noisy[l] > random[l] && random[l] > 0, "\(layers[l]): noisy \(noisy[l]), random \(random[l])")
            #expect(try LinearCKA.similarity(grams[0].grams[layers[l]]!, grams[0].grams[layers[l]]!) == 1)
        }

        let out = (folder as NSString).appendingPathComponent("out")
        let written = try report.write(to: out)
        #expect(written.map { ($0 as NSString).lastPathComponent } == ["cka.txt", "cka.json", "cka.png"])
        let decoded = try JSONDecoder().decode(FeatureSimilarityReport.self, from: Data(contentsOf: URL(fileURLWithPath: written[1])))
        #expect(decoded.pairs == report.pairs && decoded.sets == report.sets)
        let table = try String(contentsOfFile: written[0], encoding: .utf8).split(separator: "\n")
        #expect(table[1].split(separator: " ") == ["layer", "imagenet~noisy", "imagenet~random", "noisy~random"])
        #expect(table[2].hasPrefix("conv1") && table[2].contains(String(format: "%.4f", random[0])), "\(table)")
        let plot = try Image(contentsOfFile: written[2])
        try plot.writePNG(to: "/tmp/classifier-cka-plot.png")
        #expect(plot.width == 800 && plot.height == 480)
    }
}
