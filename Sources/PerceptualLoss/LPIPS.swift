import FeatureNetworks
import Foundation
import ImageFiles
import NN

/// LPIPS v0.1 (Zhang et al. 2018): unit-normalised activations of torchvision's ImageNet AlexNet
/// (relu1..relu5) or VGG-16 (relu1_2, relu2_2, relu3_3, relu4_3, relu5_3), squared differences
/// weighted per channel by the learned linear heads, averaged over pixels, summed over the five
/// layers. Lower means more alike.
public final class LPIPS {
    public static let layers = ["relu1", "relu2", "relu3", "relu4", "relu5"]
    public static let vggLayers = ["relu1_2", "relu2_2", "relu3_3", "relu4_3", "relu5_3"]
    /// The smallest height and width AlexNet takes: conv1 (11x11/4, pad 2) gives (s − 7)/4 + 1, and
    /// the two 3x3/2 poolings before conv3 need 3 rows each, so s ≥ 31. The official package fails
    /// below that too ("Output size is too small").
    public static let minimumSide = 31
    public let network: FeatureNetwork
    /// The five stages compared (`layers` or `vggLayers`).
    public let layerNames: [String]
    public let channelWeights: [[Float]]

    /// `alexnet`: torchvision-layout conv1-5 weights; `heads`: `lin{0..4}.model.1.weight`, [1, C, 1, 1].
    public convenience init(alexnet: SafeTensorsFile, heads: SafeTensorsFile) throws {
        try self.init(torchvision: TorchvisionAlexNet.network(from: alexnet, name: "lpips-alex"), layers: Self.layers,
                      heads: heads)
    }

    /// `vgg16`: a torchvision `vgg16` state dict (its `features` at least); `heads`: LPIPS's vgg heads.
    public convenience init(vgg16: SafeTensorsFile, heads: SafeTensorsFile) throws {
        try self.init(torchvision: TorchvisionVGG.network(from: vgg16, name: "lpips-vgg"), layers: Self.vggLayers,
                      heads: heads)
    }

    private init(torchvision: FeatureNetwork, layers: [String], heads: SafeTensorsFile) throws {
        // LPIPS's ScalingLayer on images in [-1, 1]: (x − shift) / scale; ours take [0, 1], so
        // x' = 2x − 1 folds into the same affine map.
        let shift: [Float] = [-0.030, -0.088, -0.188], scale: [Float] = [0.458, 0.448, 0.450]
        let preprocessing = ChannelAffine(source: [0, 1, 2], scale: scale.map { 2 / $0 },
                                          shift: zip(shift, scale).map { (-1 - $0) / $1 })
        network = FeatureNetwork(name: torchvision.name, preprocessing: preprocessing,
                                 stages: torchvision.stages, nativeInputSize: 224)
        layerNames = layers
        // Each compared ReLU has as many channels as the last convolution before it.
        channelWeights = try layers.enumerated().map { index, layer in
            let position = try torchvision.stageIndex(layer)
            guard let conv = torchvision.stages[...position].last(where: { $0.layer is Conv2D })?.layer as? Conv2D else {
                preconditionFailure("\(layer) follows no convolution")
            }
            return try heads.tensor(named: "lin\(index).model.1.weight", shape: [1, conv.outputChannels, 1, 1]).scalars
        }
    }

    /// Per-image distances between two batches of RGB images in [0, 1], [N, 3, H, W].
    public func distance(_ a: Tensor, _ b: Tensor) throws -> [Double] {
        precondition(a.shape == b.shape, "LPIPS: image shapes \(a.shape) and \(b.shape) differ")
        precondition(a.rank == 4 && a.shape[2] >= Self.minimumSide && a.shape[3] >= Self.minimumSide,
                     "LPIPS: images \(a.shape) must be [N, 3, H, W] with H, W ≥ \(Self.minimumSide)")
        let fa = try network.features(a, at: layerNames, mode: .inference)
        let fb = try network.features(b, at: layerNames, mode: .inference)
        var total = [Double](repeating: 0, count: a.shape[0])
        for (index, layer) in layerNames.enumerated() {
            let d = FeatureDistance.channelNormalized(fa[layer]!, fb[layer]!, channelWeights: channelWeights[index],
                                                      needsGradient: false).perImage
            for n in 0..<total.count { total[n] += d[n] }
        }
        return total
    }

    /// The distance between two images of one size, each at least `minimumSide` on both sides.
    public func distance(_ a: Image, _ b: Image) throws -> Double {
        precondition(a.width == b.width && a.height == b.height,
                     "LPIPS: image sizes \(a.width)x\(a.height) and \(b.width)x\(b.height) differ")
        let shape = [1, 3, a.height, a.width]
        return try distance(Tensor(shape: shape, scalars: a.pixels), Tensor(shape: shape, scalars: b.pixels))[0]
    }

    /// The distance between two image files (or same-named images of two folders), resized to
    /// `size` x `size` when given, each otherwise taken at its own size.
    public func distance(between pair: ImagePairing.Pair, resizedTo size: Int? = nil) throws -> Double {
        precondition(size.map { $0 >= Self.minimumSide } ?? true, "LPIPS: cannot resize to \(size!) < \(Self.minimumSide)")
        let (a, b) = try pair.images(resizedTo: size)
        for (file, image) in [(pair.first, a), (pair.second, b)]
        where image.width < Self.minimumSide || image.height < Self.minimumSide {
            throw LPIPSError.imageTooSmall(file: file, width: image.width, height: image.height)
        }
        return try distance(a, b)
    }
}
