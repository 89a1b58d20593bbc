import Foundation
import NN

/// A torchvision VGG `features` state dict whose values are a closed formula, so that a test can
/// write the same weights that a reference script (FeatureNetworksTests/References/
/// torchvision_vgg_golden.py) loads into torchvision's own network, with no weight file kept.
public enum TorchvisionVGGFormula {
    /// torchvision's configuration "D" (vgg16); 0 is a max-pooling.
    public static let vgg16 = [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0]

    /// The `features` entries of torchvision's state dict for `configuration`, in its order.
    public static func stateDictNames(_ configuration: [Int], batchNorm: Bool) -> [(name: String, shape: [Int])] {
        var entries: [(String, [Int])] = []
        var index = 0, channels = 3
        for width in configuration {
            if width == 0 { index += 1; continue }
            entries += [("features.\(index).weight", [width, channels, 3, 3]), ("features.\(index).bias", [width])]
            if batchNorm {
                let bn = "features.\(index + 1)"
                entries += [("\(bn).weight", [width]), ("\(bn).bias", [width]), ("\(bn).running_mean", [width]),
                            ("\(bn).running_var", [width]), ("\(bn).num_batches_tracked", [])]
            }
            index += batchNorm ? 3 : 2
            channels = width
        }
        return entries
    }

    /// The formula of torchvision_vgg_golden.py for tensor k of the state dict.
    public static func fill(_ name: String, _ shape: [Int], _ k: Int) -> Tensor {
        let count = shape.reduce(1, *)
        let fanIn = Double(shape.dropFirst().reduce(1, *))
        // y = offset + amplitude · s (or s² for running_var), chosen once per tensor.
        let (offset, amplitude, squared): (Double, Double, Bool) =
            name.hasSuffix("running_var") ? (0.75, 0.5, true)
            : name.hasSuffix("running_mean") || name.hasSuffix("bias") ? (0, 0.1, false)
            : shape.count == 1 ? (1, 0.2, false) : (0, 2 / fanIn.squareRoot(), false)
        var values = [Float](repeating: 0, count: count)
        let phase = 78.233 * Double(k)
        values.withUnsafeMutableBufferPointer { v in
            for i in 0..<count {
                let s = sin(12.9898 * Double(i) + phase)
                v[i] = Float(offset + amplitude * (squared ? s * s : s))
            }
        }
        return Tensor(shape: shape, scalars: values)
    }

    public static func write(_ entries: [(name: String, shape: [Int])], to url: URL) throws {
        var tensors: [String: Tensor] = [:]
        var k = 0
        for (name, shape) in entries {
            if name.hasSuffix("num_batches_tracked") {
                tensors[name] = Tensor(shape: shape, scalars: [0])   // int64 in torchvision; never read
                continue
            }
            tensors[name] = fill(name, shape, k)
            k += 1
        }
        try SafeTensorsFile.write(tensors, to: url)
    }

}
