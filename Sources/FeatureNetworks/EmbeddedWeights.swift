import Foundation
import NN
import WeightStore

/// The weights shipped inside the package (Resources/PROVENANCE.md says where they come from).
public enum EmbeddedWeights {
    public static let imagenetAlexNetSHA256 = WeightCatalog.imageNet.weightsFile.sha256!
    public static let lpipsHeadsSHA256 = "176f5404227f363754f9c8131f173e2d3cc105821185a588eb913da038d4e31b"
    public static let lpipsVGGHeadsSHA256 = "4fbb0122b8b7c419838e12f9d9414a590916757773a1dc835cef7adef85e8933"

    /// torchvision-layout ImageNet AlexNet conv1-5.
    public static var imagenetAlexNet: URL { resource("alexnet-imagenet-torchvision-conv") }
    /// The LPIPS v0.1 alex linear heads.
    public static var lpipsHeads: URL { resource("lpips-alex-v0.1-lin") }
    /// The LPIPS v0.1 vgg linear heads.
    public static var lpipsVGGHeads: URL { resource("lpips-vgg-v0.1-lin") }

    private static func resource(_ name: String) -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: "safetensors", subdirectory: "Resources") else {
            preconditionFailure("the package's resource bundle lacks \(name).safetensors; rebuild the package")
        }
        return url
    }

    /// The embedded ImageNet AlexNet as a feature network.
    public static func imagenetNetwork() throws -> FeatureNetwork {
        try TorchvisionAlexNet.network(from: SafeTensorsFile(contentsOf: imagenetAlexNet), name: "imagenet")
    }
}
