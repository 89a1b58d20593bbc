/// Failures caused by data, weights or files from outside: each description is one line naming the
/// folder, file, weight set or layer at fault.
public enum ClassifierError: Error, Equatable, CustomStringConvertible {
    /// A class folder with no image below it: a class nothing could be learnt or tested for.
    case emptyClassFolder(String)
    /// Images outside any class folder: classification needs a class for every image.
    case unlabelledImages(file: String, count: Int)
    case tooFewClasses(folder: String, classes: [String])
    /// The weight set has no stage of that name.
    case layerMissing(set: String, layer: String, available: [String])
    /// A fully connected stage fixes the input size, so the features cannot come from another size.
    case fixedInputSize(set: String, layer: String, nativeSize: Int, requested: Int)
    /// A saved classifier file without the metadata or tensors this module writes.
    case notAClassifier(file: String, reason: String)
    /// The weights a saved classifier was trained on differ from the ones found now.
    case weightsChanged(model: String, set: String, expected: String, found: String)
    case cannotWrite(file: String, reason: String)
    /// A layer without weights (ReLU, pooling) asked to be fine-tuned.
    case nothingToFineTune(set: String, layer: String, trainable: [String])
    /// A fine-tuned layer the features do not pass through.
    case fineTuneAboveFeatures(layer: String, featureLayer: String)
    /// Fine-tuning the first stage leaves no frozen part whose output could be cached.
    case fineTuneFirstLayer(set: String, layer: String)
    /// A class-split transfer needs two classes or more in each half.
    case tooFewClassesToSplit(dataset: String, classes: Int)

    public var description: String {
        switch self {
        case .emptyClassFolder(let folder):
            return "\(folder): class folder holds no .png, .jpg or .jpeg image"
        case .unlabelledImages(let file, let count):
            let more = count > 1 ? " (and \(count - 1) more)" : ""
            return "\(file): image outside any class folder\(more); put every image in a folder named after its class"
        case .tooFewClasses(let folder, let classes):
            let found = classes.isEmpty ? "none" : classes.joined(separator: ", ")
            return "\(folder): classification needs at least two class folders, found \(found)"
        case .layerMissing(let set, let layer, let available):
            return "weight set \(set) has no layer \(layer); it has \(available.joined(separator: ", "))"
        case .fixedInputSize(let set, let layer, let nativeSize, let requested):
            return "weight set \(set): layer \(layer) comes after a fully connected stage, which needs "
                + "\(nativeSize)x\(nativeSize) input, not \(requested)x\(requested)"
        case .notAClassifier(let file, let reason):
            return "\(file): not a vae-cli classifier: \(reason)"
        case .weightsChanged(let model, let set, let expected, let found):
            return "\(model): trained on \(set) weights with SHA-256 \(expected), but \(set) now has \(found)"
        case .cannotWrite(let file, let reason):
            return "\(file): cannot write: \(reason)"
        case .nothingToFineTune(let set, let layer, let trainable):
            return "weight set \(set): layer \(layer) has no weights to fine-tune; layers with weights: "
                + trainable.joined(separator: ", ")
        case .fineTuneAboveFeatures(let layer, let featureLayer):
            return "cannot fine-tune \(layer): the features come from \(featureLayer), before it; fine-tune layers "
                + "up to \(featureLayer), or take the features from \(layer) or deeper (--layer)"
        case .fineTuneFirstLayer(let set, let layer):
            return "weight set \(set): fine-tuning \(layer), the first layer, leaves no frozen part to cache; "
                + "fine-tune from the second layer with weights up"
        case .tooFewClassesToSplit(let dataset, let classes):
            return "\(dataset): \(classes) classes cannot be split into halves A and B of at least 2 classes each; "
                + "a transfer needs 4 or more"
        }
    }
}
