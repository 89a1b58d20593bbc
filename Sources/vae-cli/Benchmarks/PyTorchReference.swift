/// Reference figures measured with PyTorch 2.15 (MKL + oneDNN, 2 threads) on this kind of machine:
/// shared/bench/BASELINE.md. Quoted for comparison, never as our own results.
enum PyTorchReference {
    static let w1ImagesPerSecond = 159.8
    static let w2ImagesPerSecond = 43.9
    /// W1 if only its GEMMs cost time, each at its measured OpenBLAS rate.
    static let w1GEMMBoundImagesPerSecond = 301.0
}
