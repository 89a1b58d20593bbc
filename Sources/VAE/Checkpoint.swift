import Foundation
import NN

/// A training checkpoint: the model's parameters and buffers, the optimizer's state, the run's
/// configuration, the noise generator's state and the position in the data.
///
/// Stored as one safetensors file (tensors `model.*`, `buffer.*`, `optimizer.*`; the rest as
/// string metadata with a format name and version), written atomically, so an interrupted write
/// leaves the previous checkpoint as it was. A JSON summary is written beside it for people.
public struct Checkpoint {
    public static let format = "vae-cli-checkpoint"
    public static let version = 1

    public var configuration: TrainingConfiguration
    /// Optimizer steps taken so far.
    public var step: Int
    /// Where training continues: epoch and batch within it.
    public var epoch: Int
    public var batchInEpoch: Int
    public var generatorState: [UInt64]
    public var parameters: [String: Tensor]
    public var buffers: [String: Tensor]
    public var optimizerState: [String: Tensor]

    public init(configuration: TrainingConfiguration, step: Int, epoch: Int, batchInEpoch: Int,
                generator: SeededGenerator, model: ConvVAE, optimizer: Optimizer) {
        self.configuration = configuration
        self.step = step
        self.epoch = epoch
        self.batchInEpoch = batchInEpoch
        generatorState = generator.stateWords
        parameters = Dictionary(uniqueKeysWithValues: model.parameters.map { ($0.name, $0.value) })
        buffers = Dictionary(uniqueKeysWithValues: model.buffers.map { ($0.name, $0.value) })
        optimizerState = optimizer.state
    }

    /// The file name for a step, sortable by step.
    public static func fileName(step: Int) -> String { String(format: "checkpoint-%08d.safetensors", step) }

    public func write(to url: URL) throws {
        var tensors: [String: Tensor] = [:]
        for (name, t) in parameters { tensors["model.\(name)"] = t }
        for (name, t) in buffers { tensors["buffer.\(name)"] = t }
        for (name, t) in optimizerState { tensors["optimizer.\(name)"] = t }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let metadata = [
            "format": Self.format, "version": "\(Self.version)",
            "configuration": String(decoding: try encoder.encode(configuration), as: UTF8.self),
            "step": "\(step)", "epoch": "\(epoch)", "batch_in_epoch": "\(batchInEpoch)",
            "generator": generatorState.map(String.init).joined(separator: ","),
        ]
        try SafeTensorsFile.write(tensors, metadata: metadata, to: url)
        // The summary is for people; the safetensors file is the checkpoint.
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let summary = Summary(format: Self.format, version: Self.version, step: step, epoch: epoch,
                              batchInEpoch: batchInEpoch, file: url.lastPathComponent, configuration: configuration)
        try encoder.encode(summary).write(to: url.deletingPathExtension().appendingPathExtension("json"), options: .atomic)
    }

    public init(contentsOf url: URL) throws {
        try self.init(reading: SafeTensorsFile(contentsOf: url))
    }

    /// The checkpoint held in an opened safetensors file.
    public init(reading file: SafeTensorsFile) throws {
        let path = file.path
        let meta = file.metadata
        guard meta["format"] == Self.format else {
            throw CheckpointError.notACheckpoint(file: path)
        }
        guard meta["version"] == "\(Self.version)" else {
            throw CheckpointError.unsupportedVersion(file: path, found: meta["version"] ?? "none")
        }
        func integer(_ key: String) throws -> Int {
            guard let text = meta[key], let value = Int(text), value >= 0 else {
                throw CheckpointError.badField(file: path, field: key)
            }
            return value
        }
        guard let json = meta["configuration"] else { throw CheckpointError.badField(file: path, field: "configuration") }
        let configuration: TrainingConfiguration
        do {
            configuration = try JSONDecoder().decode(TrainingConfiguration.self, from: Data(json.utf8))
        } catch DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty {
            // A value out of its bounds (VAEArchitecture's checks), rather than JSON that does not parse.
            throw CheckpointError.invalidConfiguration(file: path, reason: context.debugDescription)
        } catch {
            throw CheckpointError.badField(file: path, field: "configuration")
        }
        if let problem = configuration.boundsProblem {
            throw CheckpointError.invalidConfiguration(file: path, reason: problem)
        }
        let words = (meta["generator"] ?? "").split(separator: ",").compactMap { UInt64($0) }
        guard words.count == 4, words != [0, 0, 0, 0] else { throw CheckpointError.badField(file: path, field: "generator") }
        self.configuration = configuration
        step = try integer("step")
        epoch = try integer("epoch")
        batchInEpoch = try integer("batch_in_epoch")
        generatorState = words
        var parameters: [String: Tensor] = [:], buffers: [String: Tensor] = [:], optimizerState: [String: Tensor] = [:]
        for name in file.names {
            let tensor = try file.tensor(named: name)
            if name.hasPrefix("model.") { parameters[String(name.dropFirst(6))] = tensor }
            else if name.hasPrefix("buffer.") { buffers[String(name.dropFirst(7))] = tensor }
            else if name.hasPrefix("optimizer.") { optimizerState[String(name.dropFirst(10))] = tensor }
        }
        self.parameters = parameters
        self.buffers = buffers
        self.optimizerState = optimizerState
    }

    /// Puts the saved values into `model` (built from `configuration.architecture`), checking
    /// that every tensor is there with its shape.
    public func restore(into model: ConvVAE, file: String) throws {
        for (saved, targets) in [(parameters, model.parameters), (buffers, model.buffers)] {
            for p in targets {
                guard let value = saved[p.name] else { throw CheckpointError.missingTensor(file: file, name: p.name) }
                guard value.shape == p.value.shape else {
                    throw CheckpointError.wrongShape(file: file, name: p.name, expected: p.value.shape, found: value.shape)
                }
                p.value = value
            }
            if saved.count != targets.count {
                let extra = Set(saved.keys).subtracting(targets.map(\.name)).sorted()
                throw CheckpointError.unexpectedTensors(file: file, names: extra)
            }
        }
    }

    public var generator: SeededGenerator { SeededGenerator(state: generatorState) }

    /// The human-readable summary written beside each checkpoint.
    private struct Summary: Codable {
        let format: String
        let version: Int
        let step: Int
        let epoch: Int
        let batchInEpoch: Int
        let file: String
        let configuration: TrainingConfiguration
    }
}
