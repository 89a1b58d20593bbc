import FeatureNetworks
import NN
import Testing
import TestSupport

@Suite struct ChannelAffineTests {
    /// Caffe's convention: R,G,B in [0,1] → B·255 − 104, G·255 − 117, R·255 − 123.
    @Test func channelAffineConventions() {
        let x = Tensor(shape: [1, 3, 1, 1], scalars: [1, 0.5, 0])   // R, G, B
        let caffe = ChannelAffine.caffe(meanBGR: [104, 117, 123]).forward(x, mode: .inference).scalars
        let expected: [Float] = [-104, 127.5 - 117, 255 - 123]   // B, G, R
        #expect(caffe == expected)
        let t = ChannelAffine.torchvision().forward(x, mode: .inference).scalars
        #expect(abs(t[0] - (1 - 0.485) / 0.229) < 1e-5 && abs(t[2] - (0 - 0.406) / 0.225) < 1e-5)
        var g = SeededGenerator(seed: 1)
        let input = Tensor.uniform(shape: [2, 3, 3, 2], using: &g)
        #expect(gradientMismatches(of: ChannelAffine.caffe(meanBGR: [1, 2, 3]), input: input, tolerance: 1e-3) == [])
        #expect(gradientMismatches(of: ChannelAffine(source: [0, 0, 2], scale: [1, 2, 3], shift: [0, 0, 0]),
                                   input: input) == [])
    }
}
