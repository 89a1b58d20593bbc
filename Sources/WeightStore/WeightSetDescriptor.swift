import Foundation

/// A named set of pretrained weights: what it is, where it comes from, what is kept of it.
public struct WeightSetDescriptor: Sendable, Equatable {
    public enum Format: String, Sendable, Equatable {
        case caffemodel
        case safetensors
    }

    public enum Origin: Sendable, Equatable {
        /// Shipped with vae-cli; nothing to download.
        case embedded
        case download(WeightDownload)
    }

    /// The name used with `--loss-net` and `vae-cli weights fetch`.
    public let name: String
    /// One line for `vae-cli weights list`.
    public let summary: String
    public let format: Format
    public let origin: Origin
    /// The files the set holds once present; exactly one has the role `.weights`.
    public let files: [WeightFile]
    /// The layers with parameters, by the names the weight file uses.
    public let layers: [String]
    public let inputConvention: InputConvention
    /// The publisher's page about the weights.
    public let homepage: URL?

    public init(name: String, summary: String, format: Format, origin: Origin, files: [WeightFile],
                layers: [String], inputConvention: InputConvention, homepage: URL? = nil) {
        precondition(files.filter { $0.role == .weights }.count == 1,
                     "weight set \(name) needs exactly one .weights file, has \(files.map(\.name))")
        if case .download(let download) = origin, download.packaging == .file {
            precondition(files.count == 1, "weight set \(name) downloads a single file but lists \(files.map(\.name))")
        }
        self.name = name
        self.summary = summary
        self.format = format
        self.origin = origin
        self.files = files
        self.layers = layers
        self.inputConvention = inputConvention
        self.homepage = homepage
    }

    /// The file holding the parameters.
    public var weightsFile: WeightFile { files.first { $0.role == .weights }! }

    public var download: WeightDownload? {
        if case .download(let download) = origin { return download }
        return nil
    }
}
