import Foundation
import Testing
import WeightStore

@Suite struct CatalogTests {
    @Test func namesAndOrigins() {
        #expect(WeightCatalog.all.map(\.name) == ["imagenet", "places205", "bvlc-alexnet"])
        #expect(WeightCatalog.imageNet.origin == .embedded)
        #expect(WeightCatalog.places205.download?.packaging == .tarGzip)
        #expect(WeightCatalog.bvlcAlexNet.download?.packaging == .file)
    }

    @Test func knownDigestsAreWellFormed() {
        for set in WeightCatalog.all {
            if case .known(let algorithm, let digest, _)? = set.download?.checksum {
                #expect(digest.count == (algorithm == .sha1 ? 40 : 64), "\(set.name)")
                #expect(digest.allSatisfy { "0123456789abcdef".contains($0) }, "\(set.name)")
            }
            for file in set.files {
                if let sha256 = file.sha256 { #expect(sha256.count == 64, "\(set.name)") }
            }
        }
    }

    /// AlexNet's 60,965,224 parameters (1000 classes) as float32; Places205 has 205 classes in fc8.
    @Test func minimumSizesFollowTheParameterCounts() {
        #expect(WeightCatalog.bvlcAlexNet.weightsFile.minimumBytes == 4 * 60_965_224)
        #expect(WeightCatalog.places205.weightsFile.minimumBytes == 4 * (60_965_224 - 795 * 4096 - 795))
    }

    @Test func caffeSetsKeepTheirMeanImageAndDefinition() {
        let places = WeightCatalog.places205
        #expect(places.inputConvention.meanImageFile == places.files.first { $0.role == .meanImage }?.name)
        #expect(places.files.contains { $0.role == .modelDefinition })
        #expect(places.inputConvention.channelOrder == .bgr)
        #expect(WeightCatalog.imageNet.inputConvention.channelOrder == .rgb)
    }
}
