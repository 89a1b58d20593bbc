import NN

/// One convolution of a reference workload (shared/bench/WORKLOADS.md), at the workload's batch.
struct ConvolutionShape: Sendable {
    enum Kind: String, Sendable { case conv, convTranspose = "convT" }
    let workload: String, name: String, kind: Kind
    let batch: Int, inputChannels: Int, outputChannels: Int, size: Int
    let kernel: Int, stride: Int, padding: Int, groups: Int

    /// Multiply-adds × 2 of the forward pass; backward (data + weight gradient) is twice this.
    var forwardFLOP: Double {
        let perImage: Int
        switch kind {
        case .conv:
            let out = (size + 2 * padding - kernel) / stride + 1
            perImage = outputChannels * (inputChannels / groups) * kernel * kernel * out * out
        case .convTranspose:
            perImage = inputChannels * (outputChannels / groups) * kernel * kernel * size * size
        }
        return 2 * Double(perImage * batch)
    }

    /// The product one image's forward hands to sgemm for each group: im2col's columns against
    /// the weights for a convolution, the weights' transpose against the input for a transposed one.
    var forwardProduct: (m: Int, n: Int, k: Int) {
        switch kind {
        case .conv:
            let out = (size + 2 * padding - kernel) / stride + 1
            return (outputChannels / groups, out * out, inputChannels / groups * kernel * kernel)
        case .convTranspose:
            return (outputChannels / groups * kernel * kernel, size * size, inputChannels / groups)
        }
    }

    func makeLayer(generator: inout SeededGenerator) -> Layer {
        switch kind {
        case .conv:
            return Conv2D(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: kernel,
                          stride: stride, padding: padding, groups: groups, name: name, generator: &generator)
        case .convTranspose:
            return ConvTranspose2D(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: kernel,
                                   stride: stride, padding: padding, groups: groups, name: name, generator: &generator)
        }
    }
}

