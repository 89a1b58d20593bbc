import FeatureNetworks
import NN

extension EmbeddedWeights {
    /// LPIPS from the embedded ImageNet AlexNet and LPIPS heads (both in FeatureNetworks' resources).
    public static func lpips() throws -> LPIPS {
        try LPIPS(alexnet: SafeTensorsFile(contentsOf: imagenetAlexNet), heads: SafeTensorsFile(contentsOf: lpipsHeads))
    }
}
