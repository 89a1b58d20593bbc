// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "vae-cli",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vae-cli", targets: ["vae-cli"]),
        .library(name: "NN", targets: ["NN"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // OpenBLAS's cblas.h (Debian: libopenblas-dev).
        .systemLibrary(name: "BLASBridge", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        // Tensors, kernels, layers, losses, optimizers, safetensors. Knows nothing of VAEs or AlexNet.
        .target(name: "NN", dependencies: ["BLASBridge"]),
        // Protobuf wire-format reader/writer and Caffe's NetParameter subset (V1 and V2 layers).
        .target(name: "CaffeModel"),
        .executableTarget(
            name: "vae-cli",
            dependencies: ["NN", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Gradient checks and naive reference kernels shared by the test targets.
        .target(name: "TestSupport", dependencies: ["NN"], path: "Tests/TestSupport"),
        .testTarget(name: "NNTests", dependencies: ["NN", "TestSupport"]),
        .testTarget(name: "CaffeModelTests", dependencies: ["CaffeModel", "TestSupport"]),
    ],
    // Kernels hand raw buffer pointers to concurrent workers over disjoint ranges; Swift 6's
    // Sendable checking cannot see that, so the package keeps the Swift 5 language mode.
    swiftLanguageModes: [.v5]
)
