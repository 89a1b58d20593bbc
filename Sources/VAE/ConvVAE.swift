import Foundation
import NN

/// A convolutional variational auto-encoder with a hand-written backward that mirrors its forward:
/// decoder, reparameterisation, the two latent heads, then the encoder trunk.
public final class ConvVAE {
    public let architecture: VAEArchitecture
    public let encoder: Sequential          // image → flattened bottleneck
    public let meanHead: Linear
    public let logVarianceHead: Linear
    public let decoder: Sequential          // z → image

    private var cachedNoise: Tensor?        // ε of the last training forward
    private var cachedStandardDeviation: Tensor?

    public init(_ architecture: VAEArchitecture, generator: inout SeededGenerator) {
        self.architecture = architecture
        let slope = architecture.leakySlope
        let channels = architecture.stageChannels

        var encoderLayers: [Layer] = []
        var inputChannels = 3
        for (stage, c) in channels.enumerated() {
            let name = "encoder.conv\(stage + 1)"
            encoderLayers.append(Conv2D(inputChannels: inputChannels, outputChannels: c, kernelSize: 4, stride: 2,
                                        padding: 1, bias: !architecture.batchNormalization, name: name,
                                        generator: &generator))
            if architecture.batchNormalization { encoderLayers.append(BatchNorm2D(channels: c, name: "\(name).bn")) }
            encoderLayers.append(LeakyReLU(negativeSlope: slope))
            inputChannels = c
        }
        encoderLayers.append(Flatten())
        encoder = Sequential(encoderLayers)
        meanHead = Linear(inputFeatures: architecture.bottleneckFeatures, outputFeatures: architecture.latentDimension,
                          name: "encoder.mean", generator: &generator)
        logVarianceHead = Linear(inputFeatures: architecture.bottleneckFeatures,
                                 outputFeatures: architecture.latentDimension,
                                 name: "encoder.log_variance", generator: &generator)

        var decoderLayers: [Layer] = [
            Linear(inputFeatures: architecture.latentDimension, outputFeatures: architecture.bottleneckFeatures,
                   name: "decoder.fc", generator: &generator),
            LeakyReLU(negativeSlope: slope),
            Reshape(architecture.bottleneckShape),
        ]
        let outputs = Array(channels.reversed().dropFirst()) + [3]
        var current = channels.last!
        for (stage, c) in outputs.enumerated() {
            let isLast = stage == outputs.count - 1
            let normalised = architecture.batchNormalization && !isLast
            let name: String
            switch architecture.decoder {
            case .transposed:
                name = "decoder.deconv\(stage + 1)"
                decoderLayers.append(ConvTranspose2D(inputChannels: current, outputChannels: c, kernelSize: 4, stride: 2,
                                                     padding: 1, bias: !normalised, name: name, generator: &generator))
            case .upsample:
                // Another name than deconv's, so that a checkpoint of one decoder never loads into the other.
                name = "decoder.upconv\(stage + 1)"
                decoderLayers.append(UpsampleConvolution(inputChannels: current, outputChannels: c, bias: !normalised,
                                                         name: name, generator: &generator))
            }
            if normalised { decoderLayers.append(BatchNorm2D(channels: c, name: "\(name).bn")) }
            decoderLayers.append(isLast ? Sigmoid() : LeakyReLU(negativeSlope: slope))
            current = c
        }
        decoder = Sequential(decoderLayers)
    }

    public var parameters: [Parameter] {
        encoder.parameters + meanHead.parameters + logVarianceHead.parameters + decoder.parameters
    }

    public var buffers: [Parameter] { encoder.buffers + decoder.buffers }

    /// Encodes to the posterior's mean and log-variance.
    public func encode(_ x: Tensor, mode: Mode) -> (mean: Tensor, logVariance: Tensor) {
        let size = architecture.imageSize
        precondition(x.rank == 4 && Array(x.shape.dropFirst()) == [3, size, size],
                     "the VAE takes [N, 3, \(size), \(size)], found \(x.shape)")
        let h = encoder.forward(x, mode: mode)
        return (meanHead.forward(h, mode: mode), logVarianceHead.forward(h, mode: mode))
    }

    public func decode(_ z: Tensor, mode: Mode) -> Tensor {
        precondition(z.rank == 2 && z.shape[1] == architecture.latentDimension,
                     "the decoder takes [N, \(architecture.latentDimension)], found \(z.shape)")
        return decoder.forward(z, mode: mode)
    }

    /// z = μ + exp(½ log σ²) · ε with ε ~ N(0, I) from `generator` when `sampling`; z = μ otherwise.
    /// With `noiseRows`, x is part of a larger batch: ε is drawn for the whole batch (`of` images)
    /// and x's images take the rows `at`, so that ranks sharing a batch draw what one process would.
    public func forward(_ x: Tensor, mode: Mode, sampling: Bool = true, noiseRows: (of: Int, at: [Int])? = nil,
                        generator: inout SeededGenerator) -> VAEOutput {
        let (mean, logVariance) = encode(x, mode: mode)
        let z = latentCode(mean: mean, logVariance: logVariance, mode: mode, sampling: sampling, noiseRows: noiseRows,
                           generator: &generator)
        let reconstruction = decode(z, mode: mode)
        return VAEOutput(reconstruction: reconstruction, mean: mean, logVariance: logVariance, z: z)
    }

    /// The reparameterisation z = μ + σ ε (or μ without `sampling`); a training call keeps σ and ε
    /// for `encoderBackward`.
    private func latentCode(mean: Tensor, logVariance: Tensor, mode: Mode, sampling: Bool, noiseRows: (of: Int, at: [Int])?,
                            generator: inout SeededGenerator) -> Tensor {
        var z = mean
        if sampling {
            let noise: Tensor
            if let noiseRows {
                precondition(noiseRows.at.count == mean.shape[0], "\(noiseRows.at.count) noise rows for \(mean.shape[0]) images")
                noise = Tensor.normal(shape: [noiseRows.of, architecture.latentDimension], using: &generator)
                    .gatheringRows(noiseRows.at)
            } else {
                noise = Tensor.normal(shape: mean.shape, using: &generator)
            }
            var std = logVariance
            std.withUnsafeMutableBufferPointer { s in
                for i in 0..<s.count { s[i] = exp(0.5 * s[i]) }
            }
            z.withUnsafeMutableBufferPointer { zp in
                for i in 0..<zp.count { zp[i] += std[flat: i] * noise[flat: i] }
            }
            if mode == .training { cachedNoise = noise; cachedStandardDeviation = std }
        } else if mode == .training {
            cachedNoise = nil
            cachedStandardDeviation = nil
        }
        return z
    }

    /// Backward of the last training forward. `reconstructionGradient` is dL/dx̂; the KL term's
    /// gradients come in directly for μ and log σ². Accumulates every parameter's gradient.
    public func backward(reconstructionGradient: Tensor, meanGradient: Tensor, logVarianceGradient: Tensor) {
        let dz = decoderBackward(reconstructionGradient)
        encoderBackward(latentGradient: dz, meanGradient: meanGradient, logVarianceGradient: logVarianceGradient)
    }

    /// The decoder's half of `backward`: dL/dx̂ → dL/dz.
    private func decoderBackward(_ reconstructionGradient: Tensor) -> Tensor {
        decoder.backward(reconstructionGradient, needsInputGradient: true)!
    }

    /// The rest of `backward`: through the reparameterisation, both heads and the encoder trunk.
    private func encoderBackward(latentGradient dz: Tensor, meanGradient: Tensor, logVarianceGradient: Tensor) {
        var dMean = meanGradient, dLogVariance = logVarianceGradient
        requireSameShape(dz, dMean, "dz and dμ")
        requireSameShape(dz, dLogVariance, "dz and dlog σ²")
        // z = μ + σ ε:  ∂z/∂μ = 1,  ∂z/∂log σ² = ½ σ ε
        dMean.withUnsafeMutableBufferPointer { dm in
            for i in 0..<dm.count { dm[i] += dz[flat: i] }
        }
        if let noise = cachedNoise, let std = cachedStandardDeviation {
            dLogVariance.withUnsafeMutableBufferPointer { dl in
                for i in 0..<dl.count { dl[i] += dz[flat: i] * 0.5 * std[flat: i] * noise[flat: i] }
            }
        }
        var dh = meanHead.backward(dMean, needsInputGradient: true)!
        let dhFromLogVariance = logVarianceHead.backward(dLogVariance, needsInputGradient: true)!
        dh.withUnsafeMutableBufferPointer { d in
            for i in 0..<d.count { d[i] += dhFromLogVariance[flat: i] }
        }
        _ = encoder.backward(dh, needsInputGradient: false)   // the data needs no gradient
    }

    private func requireSameShape(_ a: Tensor, _ b: Tensor, _ what: String) {
        precondition(a.shape == b.shape, "\(what): shapes \(a.shape) and \(b.shape) differ")
    }
}
