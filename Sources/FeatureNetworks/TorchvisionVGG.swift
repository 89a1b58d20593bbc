import Foundation
import NN

/// torchvision's `vgg11`…`vgg19` and their `_bn` variants from a safetensors state dict:
/// `features.N` holds 3x3 pad 1 convolutions, each followed by a ReLU (with `_bn`, by a
/// BatchNorm2d first: `features.N+1.running_mean`, `.running_var`, `.weight`, `.bias`), and a
/// 2x2 stride 2 max-pooling after each block; `classifier.0`, `.3`, `.6` are fc6, fc7, fc8.
///
/// A state dict holds no entry for a ReLU or a pooling layer, so the blocks are read from the
/// gaps in the numbering: an index skipped after a ReLU is a pooling layer, and every
/// configuration ends with one. Stages get the conventional names: conv1_1, relu1_1, …, pool1,
/// …, relu5_3 (relu5_4 for VGG-19), pool5, fc6, relu6, fc7, relu7, fc8. BatchNorm is folded
/// into the convolution before it (inference statistics, PyTorch's epsilon 1e-5), so conv3_1 of
/// vgg16_bn is its normalised output. Channel counts come from the file.
public enum TorchvisionVGG {
    /// torchvision's BatchNorm2d default.
    static let batchNormEpsilon: Float = 1e-5

    /// Whether the state dict looks like a VGG: its first convolution is 3x3 at features.0.
    public static func matches(_ file: SafeTensorsFile) -> Bool {
        guard let first = try? file.entry(named: "features.0.weight") else { return false }
        return first.shape.count == 4 && first.shape[2] == 3 && first.shape[3] == 3
    }

    public static func network(from file: SafeTensorsFile, name: String) throws -> FeatureNetwork {
        let convolutionIndices = file.names.compactMap { key -> Int? in
            let parts = key.split(separator: ".")
            guard parts.count == 3, parts[0] == "features", parts[2] == "weight", let index = Int(parts[1]),
                  (try? file.entry(named: key))?.shape.count == 4 else { return nil }
            return index
        }.sorted()
        guard convolutionIndices.first == 0 else {
            throw WeightFileError.unknownLayout(file: file.path, reason: "no features.0.weight convolution")
        }
        var stages: [FeatureNetwork.Stage] = []
        var generator = SeededGenerator(seed: 0)   // overwritten by the file's weights
        var channels = 3, block = 1, inBlock = 1
        for (position, index) in convolutionIndices.enumerated() {
            let key = "features.\(index)"
            let weight = try file.tensor(named: "\(key).weight")
            guard weight.shape[1] == channels, weight.shape[2] == 3, weight.shape[3] == 3 else {
                throw WeightFileError.wrongShape(file: file.path, tensor: "\(key).weight",
                                                 expected: "[out, \(channels), 3, 3]", found: weight.shape)
            }
            let out = weight.shape[0]
            let conv = Conv2D(inputChannels: channels, outputChannels: out, kernelSize: 3, padding: 1,
                              name: key, generator: &generator)
            conv.weight.value = weight
            conv.bias!.value = try file.tensor(named: "\(key).bias", shape: [out])
            let normalisation = "features.\(index + 1)"
            let hasBatchNorm = file.names.contains("\(normalisation).running_mean")
            if hasBatchNorm { try fold(normalisation, of: file, into: conv) }
            let reluIndex = index + (hasBatchNorm ? 2 : 1)
            stages.append(.init(name: "conv\(block)_\(inBlock)", layer: conv))
            stages.append(.init(name: "relu\(block)_\(inBlock)", layer: ReLU()))
            channels = out
            let next = position + 1 < convolutionIndices.count ? convolutionIndices[position + 1] : nil
            switch next {
            case reluIndex + 1:
                inBlock += 1
            case reluIndex + 2, nil:
                stages.append(.init(name: "pool\(block)", layer: MaxPool2D(kernelSize: 2, stride: 2)))
                block += 1
                inBlock = 1
            case let other?:
                throw WeightFileError.unknownLayout(file: file.path, reason: "features.\(other) follows features.\(index) "
                                                    + "with \(other - reluIndex - 1) layers between, not VGG's 0 or 1 (a pooling)")
            }
        }
        // fc6 reads pool5 flattened: [C, 7, 7] at 224x224.
        stages += try TorchvisionClassifierStages.stages(from: file, keys: ["classifier.0", "classifier.3", "classifier.6"],
                                                         endsWithClassScores: true, inputFeatures: channels * 7 * 7)
        return FeatureNetwork(name: name, preprocessing: .torchvision(), stages: stages, nativeInputSize: 224)
    }

    /// BatchNorm2d in eval mode, y = γ (x − μ) / sqrt(σ² + ε) + β, folded into the convolution:
    /// W'[o] = s[o] W[o], b'[o] = s[o] (b[o] − μ[o]) + β[o] with s = γ / sqrt(σ² + ε).
    static func fold(_ key: String, of file: SafeTensorsFile, into conv: Conv2D) throws {
        let out = conv.outputChannels
        let mean = try file.tensor(named: "\(key).running_mean", shape: [out]).scalars
        let variance = try file.tensor(named: "\(key).running_var", shape: [out]).scalars
        let gamma = try file.tensor(named: "\(key).weight", shape: [out]).scalars
        let beta = try file.tensor(named: "\(key).bias", shape: [out]).scalars
        let perOutput = conv.weight.value.count / out
        var weight = conv.weight.value.scalars, bias = conv.bias!.value.scalars
        for o in 0..<out {
            let s = Double(gamma[o]) / (Double(variance[o]) + Double(batchNormEpsilon)).squareRoot()
            for i in o * perOutput ..< (o + 1) * perOutput { weight[i] = Float(Double(weight[i]) * s) }
            bias[o] = Float(s * (Double(bias[o]) - Double(mean[o])) + Double(beta[o]))
        }
        conv.weight.value = Tensor(shape: conv.weight.value.shape, scalars: weight)
        conv.bias!.value = Tensor(shape: [out], scalars: bias)
    }
}
