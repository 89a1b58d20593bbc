import NN

/// The fully connected stages of a torchvision classifier (`classifier.N.*`) that a file holds,
/// named fc6, fc7, ... in order, each followed by its ReLU but the class scores. The file may
/// stop early (conv layers only, or without the last layer); the stages then stop there too.
enum TorchvisionClassifierStages {
    /// `keys` are the Linear layers' prefixes from fc6 on, the last of them the class scores when
    /// `endsWithClassScores`; `inputFeatures` is pool5 flattened at 224x224, where torchvision's
    /// adaptive pooling is the identity.
    static func stages(from file: SafeTensorsFile, keys: [String], endsWithClassScores: Bool,
                       inputFeatures: Int) throws -> [FeatureNetwork.Stage] {
        var generator = SeededGenerator(seed: 0)   // overwritten by the file's weights
        var stages: [FeatureNetwork.Stage] = []
        var features = inputFeatures
        for (offset, key) in keys.enumerated() {
            guard file.names.contains("\(key).weight") else { break }
            let weight = try file.tensor(named: "\(key).weight")
            guard weight.rank == 2, weight.shape[1] == features else {
                throw WeightFileError.wrongShape(file: file.path, tensor: "\(key).weight",
                                                 expected: "[out, \(features)]", found: weight.shape)
            }
            let linear = Linear(inputFeatures: features, outputFeatures: weight.shape[0], name: key, generator: &generator)
            linear.weight.value = weight
            linear.bias!.value = try file.tensor(named: "\(key).bias", shape: [weight.shape[0]])
            let number = 6 + offset
            stages.append(.init(name: "fc\(number)", layer: linear))
            if !(endsWithClassScores && offset == keys.count - 1) { stages.append(.init(name: "relu\(number)", layer: ReLU())) }
            features = weight.shape[0]
        }
        return stages
    }
}
