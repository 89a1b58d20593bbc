/// The BVLC reference AlexNet and CaffeNet definitions (the layouts of `bvlc_alexnet.caffemodel`
/// and of Places205-AlexNet), for random control networks, benchmarks and tests. Real weight
/// files bring their own definitions (see `CaffeNetwork`).
public enum ReferenceAlexNet {
    public enum Order: Sendable {
        /// BVLC AlexNet: relu → norm → pool.
        case alexnet
        /// CaffeNet and Places205-AlexNet: relu → pool → norm.
        case caffenet
    }

    public static func specs(order: Order, throughFC7: Bool = true) -> [LayerSpec] {
        let lrn1 = LayerSpec.localResponseNorm(name: "norm1", size: 5, alpha: 1e-4, beta: 0.75, k: 1)
        let lrn2 = LayerSpec.localResponseNorm(name: "norm2", size: 5, alpha: 1e-4, beta: 0.75, k: 1)
        let pool1 = LayerSpec.maxPool(name: "pool1", kernelSize: 3, stride: 2, padding: 0, rounding: .ceil)
        let pool2 = LayerSpec.maxPool(name: "pool2", kernelSize: 3, stride: 2, padding: 0, rounding: .ceil)
        var specs: [LayerSpec] = [
            .convolution(name: "conv1", outputChannels: 96, kernelSize: 11, stride: 4, padding: 0, groups: 1),
            .relu(name: "relu1"),
        ]
        specs += order == .alexnet ? [lrn1, pool1] : [pool1, lrn1]
        specs += [.convolution(name: "conv2", outputChannels: 256, kernelSize: 5, stride: 1, padding: 2, groups: 2),
                  .relu(name: "relu2")]
        specs += order == .alexnet ? [lrn2, pool2] : [pool2, lrn2]
        specs += [
            .convolution(name: "conv3", outputChannels: 384, kernelSize: 3, stride: 1, padding: 1, groups: 1),
            .relu(name: "relu3"),
            .convolution(name: "conv4", outputChannels: 384, kernelSize: 3, stride: 1, padding: 1, groups: 2),
            .relu(name: "relu4"),
            .convolution(name: "conv5", outputChannels: 256, kernelSize: 3, stride: 1, padding: 1, groups: 2),
            .relu(name: "relu5"),
            .maxPool(name: "pool5", kernelSize: 3, stride: 2, padding: 0, rounding: .ceil),
            .innerProduct(name: "fc6", outputs: 4096),
            .relu(name: "relu6"),
        ]
        if throughFC7 { specs += [.innerProduct(name: "fc7", outputs: 4096), .relu(name: "relu7")] }
        return specs
    }

    /// The mean BGR pixel of ImageNet used by Caffe's AlexNet models.
    public static let imagenetMeanBGR: [Float] = [104, 117, 123]

    /// A seeded, untrained Caffe-layout AlexNet at 227x227.
    public static func random(order: Order = .alexnet, seed: UInt64, throughFC7: Bool = true) throws -> FeatureNetwork {
        try FeatureNetwork(name: "random", specs: specs(order: order, throughFC7: throughFC7),
                           preprocessing: .caffe(meanBGR: imagenetMeanBGR), nativeInputSize: 227, seed: seed) { _ in nil }
    }
}
