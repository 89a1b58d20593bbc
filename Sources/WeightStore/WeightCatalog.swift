import Foundation

/// The weight sets vae-cli knows by name.
public enum WeightCatalog {
    public static let all: [WeightSetDescriptor] = [imageNet, places205, bvlcAlexNet]

    /// torchvision's AlexNet (IMAGENET1K_V1) conv1-5, shipped with vae-cli as safetensors.
    public static let imageNet = WeightSetDescriptor(
        name: "imagenet",
        summary: "AlexNet conv1-5 trained on ImageNet (torchvision layout), shipped with vae-cli",
        format: .safetensors,
        origin: .embedded,
        files: [WeightFile(
            name: "alexnet-imagenet-torchvision-conv.safetensors", role: .weights,
            // conv1-5 of torchvision's AlexNet: 2,469,696 float32 parameters.
            minimumBytes: 4 * 2_469_696,
            sha256: "7af2e9d0a5adc22a791afe76df32bd400168dfad3ec5295cb86eb77788b07e4a")],
        layers: ["features.0", "features.3", "features.6", "features.8", "features.10"],
        inputConvention: InputConvention(
            channelOrder: .rgb, pixelScale: 1, mean: [0.485, 0.456, 0.406],
            standardDeviation: [0.229, 0.224, 0.225], inputSize: 224),
        homepage: URL(string: "https://pytorch.org/vision/stable/models/generated/torchvision.models.alexnet.html"))

    /// MIT's Places205-AlexNet (CaffeNet layout: pooling before LRN), the "upgraded" archive with
    /// the current Caffe format, as linked from the publisher's page and the Caffe model zoo.
    public static let places205 = WeightSetDescriptor(
        name: "places205",
        summary: "AlexNet (CaffeNet layout) trained on 205 scene categories of Places, from MIT",
        format: .caffemodel,
        origin: .download(WeightDownload(
            url: URL(string: "http://places.csail.mit.edu/model/placesCNN_upgraded.tar.gz")!,
            packaging: .tarGzip,
            // MIT publishes no digest. This SHA-1 of the archive is the one a third-party Caffe model
            // configuration records (cristina-romero/deepros_ws, models/caffe/places_alexnet/readme.md).
            checksum: .known(.sha1, digest: "7da27dd3cf4addf46adfcfb37576e0c7aa7b999d",
                             source: "recorded by a third party (deepros_ws), not by MIT"))),
        files: [
            WeightFile(name: "places205CNN_iter_300000_upgraded.caffemodel", role: .weights,
                       minimumBytes: caffeAlexNetParameterBytes(classes: 205)),
            WeightFile(name: "places205CNN_deploy_upgraded.prototxt", role: .modelDefinition),
            // A 3x256x256 float32 mean image.
            WeightFile(name: "places205CNN_mean.binaryproto", role: .meanImage, minimumBytes: 4 * 3 * 256 * 256),
        ],
        layers: ["conv1", "conv2", "conv3", "conv4", "conv5", "fc6", "fc7", "fc8"],
        inputConvention: InputConvention(
            // Per-channel averages of places205CNN_mean.binaryproto (as printed by OpenCV's
            // modify_places205.py sample); the mean image itself is preferred where it is read.
            channelOrder: .bgr, pixelScale: 255, mean: [104.93, 113.25, 116.21], standardDeviation: [1, 1, 1],
            meanImageFile: "places205CNN_mean.binaryproto", inputSize: 227),
        homepage: URL(string: "http://places.csail.mit.edu/downloadCNN.html"))

    /// BVLC's AlexNet replication (LRN before pooling, groups in conv2/4/5), from the Caffe model zoo.
    public static let bvlcAlexNet = WeightSetDescriptor(
        name: "bvlc-alexnet",
        summary: "AlexNet (Caffe layout) trained on ImageNet by BVLC, from the Caffe model zoo",
        format: .caffemodel,
        origin: .download(WeightDownload(
            url: URL(string: "http://dl.caffe.berkeleyvision.org/bvlc_alexnet.caffemodel")!,
            packaging: .file,
            checksum: .known(.sha1, digest: "9116a64c0fbe4459d18f4bb6b56d647b63920377",
                             source: "BVLC's models/bvlc_alexnet/readme.md"))),
        files: [WeightFile(name: "bvlc_alexnet.caffemodel", role: .weights,
                           minimumBytes: caffeAlexNetParameterBytes(classes: 1000))],
        layers: ["conv1", "conv2", "conv3", "conv4", "conv5", "fc6", "fc7", "fc8"],
        inputConvention: InputConvention(
            // Caffe's ImageNet mean per channel (B, G, R); the model zoo ships no mean file with it.
            channelOrder: .bgr, pixelScale: 255, mean: [104, 117, 123], standardDeviation: [1, 1, 1],
            inputSize: 227),
        homepage: URL(string: "https://github.com/BVLC/caffe/tree/master/models/bvlc_alexnet"))

    /// Bytes of float32 parameters in a Caffe AlexNet/CaffeNet (96-256-384-384-256, groups of 2 in
    /// conv2, conv4 and conv5, fc6/fc7 4096 wide): 60,965,224 parameters for 1000 classes.
    static func caffeAlexNetParameterBytes(classes: Int) -> Int64 {
        let convolutions = (96 * 3 * 11 * 11 + 96) + (256 * 48 * 5 * 5 + 256) + (384 * 256 * 3 * 3 + 384)
            + (384 * 192 * 3 * 3 + 384) + (256 * 192 * 3 * 3 + 256)
        let fullyConnected = (4096 * 9216 + 4096) + (4096 * 4096 + 4096) + (classes * 4096 + classes)
        return Int64(4 * (convolutions + fullyConnected))
    }
}
