import FeatureNetworks
import Foundation
import Testing
import WeightStore

/// The weights shipped in the resource bundle are the ones PROVENANCE.md names.
@Suite struct EmbeddedWeightsTests {
    @Test func embeddedWeightsMatchTheirChecksum() throws {
        let data = try Data(contentsOf: EmbeddedWeights.imagenetAlexNet)
        var sha = SHA256()
        sha.update([UInt8](data))
        #expect(hexString(sha.finalize()) == EmbeddedWeights.imagenetAlexNetSHA256)
        var heads = SHA256()
        heads.update([UInt8](try Data(contentsOf: EmbeddedWeights.lpipsHeads)))
        #expect(hexString(heads.finalize()) == EmbeddedWeights.lpipsHeadsSHA256)
        var vggHeads = SHA256()
        vggHeads.update([UInt8](try Data(contentsOf: EmbeddedWeights.lpipsVGGHeads)))
        #expect(hexString(vggHeads.finalize()) == EmbeddedWeights.lpipsVGGHeadsSHA256)
    }
}
