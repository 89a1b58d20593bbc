import Foundation
import NN

/// torchvision's `alexnet` layout from safetensors: `features.{0,3,6,8,10}` convolutions
/// (64-192-384-256-256 channels, no groups, no LRN), 3x3/2 max-pooling rounded down, and, when the
/// file has them, `classifier.1` (fc6, 9216→4096) and `classifier.4` (fc7).
///
/// Channel counts are read from the file, so any compatible (e.g. re-trained) weight file loads.
public enum TorchvisionAlexNet {
    static let convolutions: [(key: String, kernel: Int, stride: Int, padding: Int, poolAfter: Bool)] = [
        ("features.0", 11, 4, 2, true), ("features.3", 5, 1, 2, true), ("features.6", 3, 1, 1, false),
        ("features.8", 3, 1, 1, false), ("features.10", 3, 1, 1, true),
    ]

    public static func network(from file: SafeTensorsFile, name: String) throws -> FeatureNetwork {
        var stages: [FeatureNetwork.Stage] = []
        var generator = SeededGenerator(seed: 0)   // overwritten by the file's weights
        var channels = 3
        for (index, spec) in convolutions.enumerated() {
            let n = index + 1
            let weight = try file.tensor(named: "\(spec.key).weight")
            guard weight.rank == 4, weight.shape[1] == channels, weight.shape[2] == spec.kernel,
                  weight.shape[3] == spec.kernel else {
                throw WeightFileError.wrongShape(file: file.path, tensor: "\(spec.key).weight",
                                                 expected: "[out, \(channels), \(spec.kernel), \(spec.kernel)]",
                                                 found: weight.shape)
            }
            let out = weight.shape[0]
            let conv = Conv2D(inputChannels: channels, outputChannels: out, kernelSize: spec.kernel,
                              stride: spec.stride, padding: spec.padding, name: spec.key, generator: &generator)
            conv.weight.value = weight
            conv.bias!.value = try file.tensor(named: "\(spec.key).bias", shape: [out])
            stages.append(.init(name: "conv\(n)", layer: conv))
            stages.append(.init(name: "relu\(n)", layer: ReLU()))
            if spec.poolAfter {
                stages.append(.init(name: "pool\(n)", layer: MaxPool2D(kernelSize: 3, stride: 2, rounding: .floor)))
            }
            channels = out
        }
        // fc6 and fc7 (not fc8, the ImageNet classes) after pool5, 256x6x6 at 224x224.
        stages += try TorchvisionClassifierStages.stages(from: file, keys: ["classifier.1", "classifier.4"],
                                                         endsWithClassScores: false, inputFeatures: channels * 6 * 6)
        return FeatureNetwork(name: name, preprocessing: .torchvision(), stages: stages, nativeInputSize: 224)
    }
}
