import Foundation
import NN

/// LPIPS v0.1 with AlexNet (Zhang et al. 2018): unit-normalised relu1..relu5 activations of
/// torchvision's ImageNet AlexNet, squared differences weighted per channel by the learned linear
/// heads, averaged over pixels, summed over the five layers. Lower means more alike.
public final class LPIPS {
    public static let layers = ["relu1", "relu2", "relu3", "relu4", "relu5"]
    public let network: FeatureNetwork
    public let channelWeights: [[Float]]

    /// `alexnet`: torchvision-layout conv1-5 weights; `heads`: `lin{0..4}.model.1.weight`, [1, C, 1, 1].
    public init(alexnet: SafeTensorsFile, heads: SafeTensorsFile) throws {
        let torchvision = try TorchvisionAlexNet.network(from: alexnet, name: "lpips-alex")
        // LPIPS's ScalingLayer on images in [-1, 1]: (x − shift) / scale; ours take [0, 1], so
        // x' = 2x − 1 folds into the same affine map.
        let shift: [Float] = [-0.030, -0.088, -0.188], scale: [Float] = [0.458, 0.448, 0.450]
        let preprocessing = ChannelAffine(source: [0, 1, 2], scale: scale.map { 2 / $0 },
                                          shift: zip(shift, scale).map { (-1 - $0) / $1 })
        network = FeatureNetwork(name: "lpips-alex", preprocessing: preprocessing,
                                 stages: torchvision.stages, nativeInputSize: 224)
        // relu_i has as many channels as conv_i
        let channels = network.stages.compactMap { ($0.layer as? Conv2D)?.outputChannels }
        channelWeights = try channels.enumerated().map { index, c in
            try heads.tensor(named: "lin\(index).model.1.weight", shape: [1, c, 1, 1]).scalars
        }
    }

    /// Per-image distances between two batches of RGB images in [0, 1], [N, 3, H, W].
    public func distance(_ a: Tensor, _ b: Tensor) throws -> [Double] {
        precondition(a.shape == b.shape, "LPIPS: image shapes \(a.shape) and \(b.shape) differ")
        let fa = try network.features(a, at: Self.layers, mode: .inference)
        let fb = try network.features(b, at: Self.layers, mode: .inference)
        var total = [Double](repeating: 0, count: a.shape[0])
        for (index, layer) in Self.layers.enumerated() {
            let d = FeatureDistance.channelNormalized(fa[layer]!, fb[layer]!, channelWeights: channelWeights[index],
                                                      needsGradient: false).perImage
            for n in 0..<total.count { total[n] += d[n] }
        }
        return total
    }
}
