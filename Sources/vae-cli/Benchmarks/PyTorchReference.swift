/// PyTorch's figures for W1 and W2 as shared/bench/BASELINE.md records them (PyTorch 2.15, MKL +
/// oneDNN, 2 threads), quoted for comparison, never as our own results; `bench --pytorch`
/// measures PyTorch in the same run instead (`PyTorchRun`).
enum PyTorchReference {
    static let w1ImagesPerSecond = 159.8
    static let w2ImagesPerSecond = 43.9
    /// W1 if only its GEMMs cost time, each at its measured OpenBLAS rate.
    static let w1GEMMBoundImagesPerSecond = 301.0
}
