import Foundation
import ImageFiles
import NN
import WeightStore

/// A trained head with everything needed to use it on new images: the feature configuration, the
/// standardisation, the class names, and the weights of any fine-tuned network layers. Saved as
/// safetensors: the head's parameters, the scaling and the fine-tuned weights (`backbone.<name>`)
/// as tensors, the rest as JSON strings in the metadata.
public final class ClassifierModel {
    static let format = "vae-cli classifier"
    static let version = "1"
    static let backbonePrefix = "backbone."

    public let head: MLPHead
    public let scaling: FeatureScaling
    public let classNames: [String]
    public let configuration: FeatureConfiguration
    /// The network layers trained with the head (empty when the network stayed frozen), and their
    /// weights by parameter name.
    public let fineTunedLayers: [String]
    public let fineTunedWeights: [String: Tensor]

    public init(head: MLPHead, scaling: FeatureScaling, classNames: [String], configuration: FeatureConfiguration,
                fineTunedLayers: [String] = [], fineTunedWeights: [String: Tensor] = [:]) {
        precondition(head.inputFeatures == scaling.mean.count && head.classCount == classNames.count,
                     "head \(head.inputFeatures) → \(head.classCount) with \(scaling.mean.count) scaled features "
                     + "and \(classNames.count) class names")
        self.head = head
        self.scaling = scaling
        self.classNames = classNames
        self.configuration = configuration
        self.fineTunedLayers = fineTunedLayers
        self.fineTunedWeights = fineTunedWeights
    }

    /// Class probabilities `[N, classes]` for unscaled features `[N, D]`.
    public func probabilities(features: Tensor) -> Tensor {
        head.probabilities(scaling.apply(features))
    }

    /// The weight set the model was trained on, checked against the checksum it was trained with,
    /// with the model's fine-tuned layers in place of the set's own.
    public func loadWeightSet(store: WeightStore, modelFile: String) throws -> LoadedWeightSet {
        let set = try LoadedWeightSet.load(configuration.weightSet, store: store, randomSeed: configuration.randomSeed)
        guard set.checksum == configuration.weightsChecksum else {
            throw ClassifierError.weightsChanged(model: modelFile, set: configuration.weightSet,
                                                 expected: configuration.weightsChecksum, found: set.checksum)
        }
        for stage in set.network.stages where fineTunedLayers.contains(stage.name) {
            for parameter in stage.layer.parameters {
                guard let value = fineTunedWeights[parameter.name], value.shape == parameter.value.shape else {
                    throw ClassifierError.notAClassifier(
                        file: modelFile, reason: "fine-tuned \(parameter.name) is missing or not of shape \(parameter.value.shape)")
                }
                parameter.value = value
            }
        }
        return set
    }

    public func save(to path: String) throws {
        var tensors = Dictionary(uniqueKeysWithValues: head.parameters.map { ($0.name, $0.value) })
        for (name, value) in fineTunedWeights { tensors[Self.backbonePrefix + name] = value }
        tensors["scaling.mean"] = Tensor(shape: [scaling.mean.count], scalars: scaling.mean)
        tensors["scaling.standard_deviation"] = Tensor(shape: [scaling.mean.count], scalars: scaling.standardDeviation)
        let metadata = [
            "format": Self.format, "version": Self.version,
            "features": try Self.json(configuration), "class_names": try Self.json(classNames),
            "hidden_sizes": try Self.json(head.hiddenSizes), "dropout": String(head.dropout),
            "fine_tuned_layers": try Self.json(fineTunedLayers),
        ]
        try SafeTensorsFile.write(tensors, metadata: metadata, to: URL(fileURLWithPath: path))
    }

    public convenience init(contentsOf path: String) throws {
        let file = try SafeTensorsFile(contentsOf: URL(fileURLWithPath: path))
        func invalid(_ reason: String) -> ClassifierError { .notAClassifier(file: path, reason: reason) }
        guard file.metadata["format"] == Self.format else { throw invalid("no \"format\": \"\(Self.format)\" in its metadata") }
        guard file.metadata["version"] == Self.version else {
            throw invalid("version \(file.metadata["version"] ?? "none"), this vae-cli reads \(Self.version)")
        }
        func decoded<T: Decodable>(_ key: String, as type: T.Type) throws -> T {
            guard let text = file.metadata[key], let value = try? JSONDecoder().decode(T.self, from: Data(text.utf8)) else {
                throw invalid("metadata \"\(key)\" is missing or malformed")
            }
            return value
        }
        let configuration = try decoded("features", as: FeatureConfiguration.self)
        let classNames = try decoded("class_names", as: [String].self)
        let hiddenSizes = try decoded("hidden_sizes", as: [Int].self)
        guard let dropout = file.metadata["dropout"].flatMap(Float.init), (0...1).contains(dropout) else {
            throw invalid("metadata \"dropout\" is missing or not in [0, 1]")
        }
        let mean = try file.tensor(named: "scaling.mean")
        guard mean.rank == 1, mean.count > 0, classNames.count > 1, hiddenSizes.allSatisfy({ $0 > 0 }) else {
            throw invalid("scaling.mean \(mean.shape), \(classNames.count) classes, hidden sizes \(hiddenSizes)")
        }
        let deviation = try file.tensor(named: "scaling.standard_deviation", shape: mean.shape)
        let head = MLPHead(inputFeatures: mean.count, hiddenSizes: hiddenSizes, classCount: classNames.count,
                           dropout: dropout, seed: 0)
        for parameter in head.parameters {
            parameter.value = try file.tensor(named: parameter.name, shape: parameter.value.shape)
        }
        // Absent from models saved before fine-tuning existed: nothing fine-tuned.
        let fineTunedLayers = file.metadata["fine_tuned_layers"] == nil ? [] : try decoded("fine_tuned_layers", as: [String].self)
        var fineTunedWeights: [String: Tensor] = [:]
        for name in file.names where name.hasPrefix(Self.backbonePrefix) {
            fineTunedWeights[String(name.dropFirst(Self.backbonePrefix.count))] = try file.tensor(named: name)
        }
        self.init(head: head, scaling: FeatureScaling(mean: mean.scalars, standardDeviation: deviation.scalars),
                  classNames: classNames, configuration: configuration, fineTunedLayers: fineTunedLayers,
                  fineTunedWeights: fineTunedWeights)
    }

    private static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
