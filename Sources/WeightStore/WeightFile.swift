/// One file of a weight set, under the name it is kept as in the set's folder.
public struct WeightFile: Sendable, Equatable {
    public enum Role: String, Sendable, Equatable {
        /// The parameters (.caffemodel or .safetensors).
        case weights
        /// Caffe's deploy prototxt: the network as the publisher ran it.
        case modelDefinition
        /// Caffe's mean image (a BlobProto .binaryproto) subtracted from every input.
        case meanImage
    }

    /// The file name in the set's folder; for an archive, also the name of the member taken from it.
    public let name: String
    public let role: Role
    /// A floor below which the file cannot be what it claims (e.g. fewer bytes than its parameters
    /// need as float32): a truncated or wrong file fails here even where no checksum is published.
    public let minimumBytes: Int64
    /// The SHA-256 of the file itself, where it is known in advance (files shipped with vae-cli).
    public let sha256: String?

    public init(name: String, role: Role, minimumBytes: Int64 = 1, sha256: String? = nil) {
        self.name = name
        self.role = role
        self.minimumBytes = minimumBytes
        self.sha256 = sha256
    }
}
