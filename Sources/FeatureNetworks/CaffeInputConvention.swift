import CaffeModel
import Foundation
import NN

/// How images in RGB [0, 1] become a Caffe network's input: Caffe's DataTransformer computes
/// (pixel − mean) · scale on 0-255 values, in BGR order for colour networks; a 1-channel network
/// (LeNet) saw grey images, which OpenCV makes as 0.299 R + 0.587 G + 0.114 B.
///
/// The mean comes from, in order: the caller (a weight set's mean file), the file's own
/// `transform_param` (`mean_value`, or its `mean_file` when a file of that name lies beside the
/// model), none when the file keeps a transform without a mean (LeNet), and otherwise ImageNet's.
struct CaffeInputConvention {
    /// The per-channel affine on the three RGB channels.
    let affine: ChannelAffine
    /// For a 1-channel network, the stage that makes grey from the (already scaled) RGB channels.
    let greyStage: FeatureNetwork.Stage?

    static let greyWeights: [Float] = [0.299, 0.587, 0.114]

    init(channels: Int, transform: CaffeTransform?, meanBGR: [Float]?, modelFile: String) throws {
        let scale = 255 * (transform?.scale ?? 1)
        let mean = try Self.mean(channels: channels, transform: transform, given: meanBGR, modelFile: modelFile)
        let pixelScale = transform?.scale ?? 1
        switch channels {
        case 3:
            affine = ChannelAffine(source: [2, 1, 0], scale: [scale, scale, scale], shift: mean.map { -$0 * pixelScale })
            greyStage = nil
        case 1:
            // The grey weights sum to 1, so scaling and shifting each colour first gives the grey pixel's value.
            affine = ChannelAffine(source: [0, 1, 2], scale: [scale, scale, scale],
                                   shift: [Float](repeating: -mean[0] * pixelScale, count: 3))
            var generator = SeededGenerator(seed: 0)
            let grey = Conv2D(inputChannels: 3, outputChannels: 1, kernelSize: 1, bias: false, name: "grey", generator: &generator)
            grey.weight.value = Tensor(shape: [1, 3, 1, 1], scalars: Self.greyWeights)
            greyStage = FeatureNetwork.Stage(name: "grey", layer: grey)
        default:
            throw WeightFileError.unbuildable(file: modelFile, layer: "input",
                                              reason: "\(channels) input channels (only 1, grey, and 3, BGR, are supported)")
        }
    }

    private static func mean(channels: Int, transform: CaffeTransform?, given: [Float]?, modelFile: String) throws -> [Float] {
        func perChannel(_ values: [Float], _ source: String) throws -> [Float] {
            if values.count == channels { return values }
            if values.count == 1 { return [Float](repeating: values[0], count: channels) }
            throw WeightFileError.unbuildable(file: modelFile, layer: "input",
                                              reason: "\(values.count) mean values from \(source) for \(channels) channels")
        }
        if let given { return try perChannel(given, "the weight set") }
        if let transform {
            if !transform.meanValues.isEmpty { return try perChannel(transform.meanValues, "transform_param") }
            if let meanFile = transform.meanFile {
                let beside = URL(fileURLWithPath: modelFile).deletingLastPathComponent()
                    .appendingPathComponent(URL(fileURLWithPath: meanFile).lastPathComponent)
                if FileManager.default.fileExists(atPath: beside.path) {
                    return try perChannel(CaffeMeanImage(contentsOf: beside).channelMeans, beside.path)
                }
            } else {
                return [Float](repeating: 0, count: channels)
            }
        }
        return channels == 3 ? ReferenceAlexNet.imagenetMeanBGR : [0]
    }
}
