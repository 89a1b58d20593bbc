/// A net-level input declared by the deprecated `input` / `input_dim` / `input_shape` fields.
public struct CaffeInput: Sendable, Equatable {
    public var name: String
    /// nil when the file names the input without a shape.
    public var shape: [Int]?

    public init(name: String, shape: [Int]?) {
        self.name = name
        self.shape = shape
    }
}
