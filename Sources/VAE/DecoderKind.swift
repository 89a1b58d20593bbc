/// How the decoder doubles the image at each stage.
///
/// `transposed` is DFC-VAE's 4x4 stride-2 transposed convolution. Its kernel overlaps unevenly at
/// stride 2, so it paints a period-2 pattern into the output (Odena et al. 2016, "Deconvolution
/// and checkerboard artifacts"). `upsample` is nearest-neighbour upsampling x2 followed by a 3x3
/// convolution (padding 1): every output pixel sees the same number of kernel taps, so nothing
/// in the architecture prefers one phase of the period-2 lattice.
public enum DecoderKind: String, Codable, Sendable, CaseIterable {
    case transposed
    case upsample
}
