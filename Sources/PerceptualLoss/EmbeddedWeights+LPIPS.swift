import Foundation
import FeatureNetworks
import NN

extension EmbeddedWeights {
    /// LPIPS from the embedded ImageNet AlexNet and LPIPS heads (both in FeatureNetworks' resources).
    public static func lpips() throws -> LPIPS {
        try LPIPS(alexnet: SafeTensorsFile(contentsOf: imagenetAlexNet), heads: SafeTensorsFile(contentsOf: lpipsHeads))
    }

    /// LPIPS with VGG-16: torchvision-layout weights from `vgg16` (not shipped: 528 MB) and the
    /// embedded LPIPS vgg heads.
    public static func lpipsVGG(vgg16: URL) throws -> LPIPS {
        try LPIPS(vgg16: SafeTensorsFile(contentsOf: vgg16), heads: SafeTensorsFile(contentsOf: lpipsVGGHeads))
    }
}
