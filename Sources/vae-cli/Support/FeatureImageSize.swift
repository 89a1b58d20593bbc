import ArgumentParser

/// The hidden `--image-size` of `classify train`, `embed` and `compare-features`, and `--feature-size` of `evaluate`:
/// AlexNet's pool5 needs at least 64.
enum FeatureImageSize {
    static func validate(_ size: Int?, option: String = "--image-size") throws {
        if let size, size < 64 { throw ValidationError("\(option) must be at least 64 for AlexNet's pool5") }
    }
}
