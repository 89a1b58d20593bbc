/// A data layer's `transform_param`: how Caffe turned a stored image into the network's input,
/// (pixel − mean) · scale on 0-255 values, after cropping to `cropSize`.
public struct CaffeTransform: Sendable, Equatable {
    public var scale: Float
    /// The side of the square crop the network saw; 0 when the images were not cropped.
    public var cropSize: Int
    /// One mean for every channel, or one per channel (in the network's channel order).
    public var meanValues: [Float]
    /// The mean image the training used, as the path written in the file (rarely present here).
    public var meanFile: String?

    public init(scale: Float = 1, cropSize: Int = 0, meanValues: [Float] = [], meanFile: String? = nil) {
        self.scale = scale
        self.cropSize = cropSize
        self.meanValues = meanValues
        self.meanFile = meanFile
    }
}
