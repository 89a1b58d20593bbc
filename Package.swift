// swift-tools-version:6.0
import PackageDescription

// Builds target AVX2 + FMA (Haswell, 2013, and later; every Zen): the LRN, pooling and
// elementwise loops vectorise twice as wide as with the SSE2 baseline, and the LRN calls AVX
// intrinsics. Debug builds too, so that the tests run the code that ships.
#if arch(x86_64)
let vectorised: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let vectorised: [SwiftSetting] = []
#endif

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
        // OpenBLAS loaded at run time with the kernels chosen for this processor (see
        // BLASBridge.h for why it is not linked), CPUID, and the kernels' self-check.
        .target(name: "BLASBridge", linkerSettings: [.linkedLibrary("dl")]),
        // Open MPI loaded at run time, only in a process mpirun started (see MPIBridge.h for why it
        // is not linked): the collectives data-parallel training and sharded extraction use.
        .target(name: "MPIBridge", linkerSettings: [.linkedLibrary("dl")]),
        // The MPI job a process is one rank of: rank, size, sums, gathers, broadcasts, a barrier
        // that sleeps. Knows bytes and floats, nothing of what they mean.
        .target(name: "Distributed", dependencies: ["MPIBridge"]),
        // glibc's mallopt, to keep large freed blocks for reuse (see ProcessMemory.swift).
        .systemLibrary(name: "CMalloc"),
        // A software prefetch for the LRN (see CrossChannelLRN.swift).
        .systemLibrary(name: "CPrefetch"),
        // Tensors, kernels, layers, losses, optimizers, safetensors, the OpenBLAS core choice and the
        // cache folder. Knows nothing of the application: no images, VAEs, AlexNet or weight sets.
        .target(name: "NN", dependencies: ["BLASBridge", "CMalloc", "CPrefetch"], swiftSettings: vectorised),
        // libpng (simplified png_image API), libjpeg(-turbo) and zlib, as installed on the system.
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // libjpeg reports errors by longjmp: this C shim keeps setjmp/longjmp inside C.
        .target(name: "CJPEGShim", dependencies: ["CJPEG"]),
        // Images and their files: the planar RGB Image, PNG/JPEG codecs (libpng, libjpeg), resizing
        // and cropping, IDX files (MNIST, gzipped or not), image folders and pairs, image grids.
        // Converts to and from NN tensors; knows nothing of networks or plots.
        .target(name: "ImageFiles", dependencies: ["NN", "CPNG", "CJPEGShim", "CZlib"], swiftSettings: vectorised),
        // Plots drawn into an Image: Canvas, a bitmap font, axes, line, scatter and confusion-matrix
        // plots. Knows images only, not what is plotted.
        .target(name: "Plots", dependencies: ["ImageFiles"], swiftSettings: vectorised),
        // Weight sets by name: catalog, cache folder, HTTP download, SHA-1/SHA-256, .tar.gz unpacking.
        // Knows files and checksums, not how a network is built from them.
        .target(name: "WeightStore", dependencies: ["NN", "CZlib"]),
        // Reads Caffe files: the protobuf wire format, Caffe's NetParameter subset (V1 and V2
        // layers, blobs) and mean images. Knows nothing of tensors or networks.
        .target(name: "CaffeModel"),
        // Image sets for training and classification: sources, splits, batches decoded ahead.
        // Knows images and labels, not networks.
        .target(name: "Datasets", dependencies: ["NN", "ImageFiles"]),
        // Frozen pretrained feature networks with named stages: AlexNet in Caffe and torchvision
        // layouts, layer specs and the builder, input preprocessing (ChannelAffine), the embedded
        // ImageNet AlexNet and LPIPS heads (Resources), loading a network by name or from a file.
        // Knows Caffe files and the weight store; knows nothing of losses, VAEs or classifiers.
        .target(name: "FeatureNetworks", dependencies: ["NN", "CaffeModel", "WeightStore"], resources: [.copy("Resources")], swiftSettings: vectorised),
        // The perceptual loss on a feature network's stages, the feature distances, LPIPS (which
        // also measures image files). Knows nothing of VAEs.
        .target(name: "PerceptualLoss", dependencies: ["NN", "FeatureNetworks", "ImageFiles"], swiftSettings: vectorised),
        // Image-quality measures computed in float64: SSIM as scikit-image computes it, and the
        // periodic-artifact ratio of a reconstruction's power spectrum. Knows NN's Tensor only.
        .target(name: "ImageQuality", dependencies: ["NN"]),
        // The convolutional VAE, its loss and its training loop, checkpoints, run folders and their
        // loss plots; the fitted prior (a Statistics mixture) and the evaluation (ImageQuality's
        // measures, FD-AlexNet).
        .target(name: "VAE", dependencies: ["NN", "FeatureNetworks", "PerceptualLoss", "Datasets", "ImageFiles", "Plots",
                                            "ImageQuality", "Statistics", "Distributed"]),
        // Frozen-feature transfer learning: extraction, feature cache, MLP head, metrics, reports, t-SNE,
        // and the similarity of two networks' features (Statistics' linear CKA on their Gram matrices).
        // Uses a feature network's activations, never the perceptual loss.
        .target(name: "Classifier", dependencies: ["NN", "Datasets", "ImageFiles", "Plots", "FeatureNetworks", "WeightStore",
                                                   "Distributed", "Statistics"]),
        // Float64 statistics of feature sets: symmetric eigendecomposition, the Fréchet distance, a
        // Gaussian mixture fitted by EM. Knows Foundation only.
        .target(name: "Statistics", swiftSettings: vectorised),
        // The command-line tool: one file per command, each parsing its options and calling the modules.
        .executableTarget(
            name: "vae-cli",
            dependencies: ["NN", "FeatureNetworks", "PerceptualLoss", "VAE", "Classifier", "Datasets", "ImageFiles", "Plots", "WeightStore",
                           "Distributed",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Gradient checks and naive reference kernels shared by the test targets.
        .target(name: "TestSupport", dependencies: ["NN"], path: "Tests/TestSupport"),
        // Writes Caffe files for the tests: the protobuf writer and the NetParameter encoder.
        .target(name: "CaffeTestSupport", dependencies: ["CaffeModel"], path: "Tests/CaffeTestSupport"),
        // Each module's tests, one target per module.
        .testTarget(name: "NNTests", dependencies: ["NN", "TestSupport"]),
        // CPNG and CZlib write the test fixtures (grey/palette/16-bit PNGs, gzip IDX files).
        .testTarget(name: "ImageFilesTests", dependencies: ["ImageFiles", "TestSupport", "CPNG", "CZlib"]),
        .testTarget(name: "PlotsTests", dependencies: ["Plots", "ImageFiles"]),
        // CZlib gzips the test archives; a loopback HTTP server in the target serves the downloads.
        .testTarget(name: "WeightStoreTests", dependencies: ["WeightStore", "CZlib"]),
        .testTarget(name: "CaffeModelTests", dependencies: ["CaffeModel", "CaffeTestSupport", "TestSupport"]),
        // CZlib writes the gzip IDX fixtures.
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "ImageFiles", "CZlib"]),
        // CaffeTestSupport writes the tiny test models; WeightStore checks the embedded weights' SHA-256.
        .testTarget(name: "FeatureNetworksTests", dependencies: ["FeatureNetworks", "CaffeModel", "CaffeTestSupport", "WeightStore", "NN", "TestSupport"],
                    exclude: ["Fixtures", "References"]),
        .testTarget(name: "PerceptualLossTests", dependencies: ["PerceptualLoss", "FeatureNetworks", "ImageFiles", "NN", "TestSupport"],
                    exclude: ["References"]),
        // ImageFiles and Datasets write and read the image fixtures.
        .testTarget(name: "VAETests", dependencies: ["VAE", "NN", "FeatureNetworks", "PerceptualLoss", "Datasets", "ImageFiles", "Plots",
                                                "TestSupport"]),
        // golden_values.py printed the pinned skimage and numpy values; the suite does not run it.
        .testTarget(name: "ImageQualityTests", dependencies: ["ImageQuality", "NN"], exclude: ["golden_values.py"]),
        // References holds the numpy/scipy scripts that computed the pinned float64 values.
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics"], exclude: ["References"]),
        .testTarget(name: "ClassifierTests", dependencies: ["Classifier", "Datasets", "ImageFiles", "NN", "FeatureNetworks",
                                                       "Statistics", "TestSupport"]),
    ],
    // Kernels hand raw buffer pointers to concurrent workers over disjoint ranges; Swift 6's
    // Sendable checking cannot see that, so the package keeps the Swift 5 language mode.
    swiftLanguageModes: [.v5]
)

// Coverage-guided fuzzing (Scripts/fuzz): one libFuzzer harness per file reader, in Fuzz/Harnesses.
// Declared only when VAE_CLI_FUZZ is set, as they build only with -sanitize=fuzzer (libFuzzer
// supplies main), so that `swift build` and `swift test` never need the sanitizer.
if Context.environment["VAE_CLI_FUZZ"] != nil {
    let harnesses: [(name: String, dependencies: [Target.Dependency])] = [
        ("caffe-net", ["CaffeModel"]),
        ("caffe-mean", ["CaffeModel"]),
        ("safetensors", ["NN"]),
        ("checkpoint", ["NN", "VAE"]),
        ("idx", ["ImageFiles", "FuzzSupport"]),
        ("png", ["ImageFiles"]),
        ("jpeg", ["ImageFiles"]),
        ("tar-gzip", ["WeightStore", "FuzzSupport"]),
        ("image-folder", ["ImageFiles", "Datasets", "FuzzSupport"]),
    ]
    package.targets += [
        // libFuzzer's driver, called from each harness's @main (see CFuzzDriver.h for why).
        .target(name: "CFuzzDriver", path: "Fuzz/Driver"),
        // Scratch files and gzip for the harnesses whose readers take paths.
        .target(name: "FuzzSupport", dependencies: ["CZlib"], path: "Fuzz/Support"),
    ]
    for harness in harnesses {
        package.targets.append(.executableTarget(
            name: "fuzz-\(harness.name)", dependencies: ["CFuzzDriver"] + harness.dependencies,
            path: "Fuzz/Harnesses/\(harness.name)"))
    }
}
