import FeatureNetworks
import Foundation
import NN
import Testing

/// `filters(at:)` gives a convolution's weights as the file holds them (grouped ones too), and
/// refuses stages without filters by name.
@Suite struct FeatureNetworkFiltersTests {
    @Test func convolutionsGiveTheirWeightsOthersAreRefused() throws {
        let dir = try CaffeNetworkTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let m = CaffeNetworkTests.model(order: .alexnet, format: .v2)
        let network = try FeatureNetworkLoader.network(file: CaffeNetworkTests.write(m.net, format: .v2, to: dir).path, name: "tiny")
        #expect(try network.filters(at: "conv1") == m.conv1w)
        #expect(try network.filters(at: "conv2") == m.conv2w)   // [6, 2, 3, 3]: two groups of two inputs
        for stage in ["relu1", "norm1", "pool2", "fc6"] {
            #expect(throws: FeatureNetworkError.notAConvolution(stage, network: "tiny", convolutions: ["conv1", "conv2"])) {
                try network.filters(at: stage)
            }
        }
        #expect(throws: FeatureNetworkError.unknownLayer("conv3", network: "tiny", available: network.stageNames)) {
            try network.filters(at: "conv3")
        }
    }
}
