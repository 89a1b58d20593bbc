import FeatureNetworks
import Foundation
import NN

/// W1's training step with a VGG-16 loss network (torchvision's layout through relu3_3, seeded
/// random weights: the real ones cannot be downloaded here), MSE on relu1_2, relu2_2 and relu3_3,
/// against PyTorch's same step (Scripts/torch-vgg-loss-step.py) measured in the same run.
enum VGGLossBenchmark {
    static let layers = ["relu1_2", "relu2_2", "relu3_3"]

    /// torchvision's vgg16 features 0-15 as layer specs: 3x3 pad 1 convolutions, 2x2 pooling.
    static func lossNetwork() throws -> FeatureNetwork {
        var specs: [LayerSpec] = []
        for (block, widths) in [[64, 64], [128, 128], [256, 256, 256]].enumerated() {
            if block > 0 { specs.append(.maxPool(name: "pool\(block)", kernelSize: 2, stride: 2, padding: 0, rounding: .floor)) }
            for (n, width) in widths.enumerated() {
                specs += [.convolution(name: "conv\(block + 1)_\(n + 1)", outputChannels: width, kernelSize: 3, stride: 1,
                                       padding: 1, groups: 1),
                          .relu(name: "relu\(block + 1)_\(n + 1)")]
            }
        }
        return try FeatureNetwork(name: "vgg16-random", specs: specs, preprocessing: .torchvision(), nativeInputSize: 64,
                                  seed: 16) { _ in nil }
    }

    /// PyTorch's images/s for the same step, from the script's `JSON {…}` line.
    static func pytorch(python: String, script: String, steps: Int) throws -> (version: String, imagesPerSecond: Double) {
        let record = try PythonScriptRecord.run(python: python, script: script, arguments: ["--steps", String(steps)])
        guard let rate = PythonScriptRecord.imagesPerSecond(record, "w1_vgg16") else {
            throw CLIError("\(script): printed no W1 VGG-16 figure")
        }
        return (record["torch"] as? String ?? "?", rate)
    }
}
