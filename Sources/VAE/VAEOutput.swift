import NN

/// What one forward pass of the VAE produces, by name.
public struct VAEOutput {
    public let reconstruction: Tensor   // [N, 3, S, S] in (0, 1)
    public let mean: Tensor             // [N, latent]
    public let logVariance: Tensor      // [N, latent]
    public let z: Tensor                // the latent code fed to the decoder
}
