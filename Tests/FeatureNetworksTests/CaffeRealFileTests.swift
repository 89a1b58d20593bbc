import CaffeModel
import FeatureNetworks
import Foundation
import NN
import Testing
import TestSupport

/// Two genuine files written by Caffe itself (Fixtures/caffe/PROVENANCE.md): LeNet, trained on
/// MNIST (grey 28x28, its data layer scales by 1/256), and cifar10_full (32x32 BGR, WITHIN_CHANNEL
/// LRN, AVE pooling with ceil rounding). Each loads with the input Caffe gave it, and every stage
/// equals the float64 forward of the same layers with the file's parameters to 1e-5 relative.
@Suite struct CaffeRealFileTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/caffe")

    static func check(_ file: String, stages expectedStages: [String], size: Int, channels: Int,
                      mean: [Double], scale: Double) throws {
        let url = folder.appendingPathComponent(file)
        let net = try CaffeNet(contentsOf: url)
        let network = try FeatureNetworkLoader.network(file: url.path)
        #expect(network.stageNames == expectedStages)
        #expect(network.nativeInputSize == size)
        var g = SeededGenerator(seed: 3)
        let images = Tensor.uniform(shape: [2, 3, size, size], using: &g)
        let expected = NaiveCaffeForward.outputs(of: net, images: images, channels: channels, mean: mean, scale: scale)
        let stages = expectedStages.filter { $0 != "grey" }
        let features = try network.features(images, at: stages, mode: .inference)
        for stage in stages {
            let difference = NaiveCaffeForward.relativeDifference(features[stage]!, expected[stage]!)
            #expect(difference <= 1e-5, "\(file) \(stage): relative difference \(difference)")
        }
    }

    /// LeNet's train net keeps its data layer's transform_param (scale 0.00390625, no mean); the
    /// size is not declared: its ip1 weights (500 x 50·4·4) fit 27 and 28 (ceil pooling), and
    /// the multiple of 4 is taken.
    @Test func lenetLoadsGreyAt28AndMatchesFloat64() throws {
        try Self.check("lenet_iter_10000.caffemodel",
                       stages: ["grey", "conv1", "pool1", "conv2", "pool2", "ip1", "relu1", "ip2"],
                       size: 28, channels: 1, mean: [0], scale: 0.00390625)
    }

    /// cifar10_full is its train net too (a data layer naming examples/cifar10/mean.binaryproto,
    /// absent here, so ImageNet's BGR mean is used); its ip1 weights fit 29 to 40, 32 is taken.
    @Test func cifar10FullLoadsAt32AndMatchesFloat64() throws {
        try Self.check("cifar10_full_iter_70000.caffemodel",
                       stages: ["conv1", "pool1", "relu1", "norm1", "conv2", "relu2", "pool2", "norm2", "conv3", "relu3", "pool3", "ip1"],
                       size: 32, channels: 3, mean: [104, 117, 123], scale: 1)
    }
}
