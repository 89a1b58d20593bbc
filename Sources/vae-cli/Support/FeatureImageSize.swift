import ArgumentParser

/// The hidden `--image-size` of `classify train` and `embed`: AlexNet's pool5 needs at least 64.
enum FeatureImageSize {
    static func validate(_ size: Int?) throws {
        if let size, size < 64 { throw ValidationError("--image-size must be at least 64 for AlexNet's pool5") }
    }
}
