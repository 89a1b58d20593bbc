import NN

/// Using a trained VAE: reconstructions, draws from the prior, paths between two images.
/// All run in inference mode (batch normalisation uses its running statistics), so an image's
/// result does not depend on the others in its batch.
extension ConvVAE {
    /// Images per forward pass: bounds the activations' memory for long inputs.
    static let generationBatchSize = 64

    /// The posterior means of `images` [N, 3, S, S], [N, latent].
    public func encodeMeans(_ images: Tensor) -> Tensor {
        chunked(images) { encode($0, mode: .inference).mean }
    }

    /// `images` [N, 3, S, S] decoded from their posterior means (no sampling noise).
    public func reconstruct(_ images: Tensor) -> Tensor {
        chunked(images) { decode(encode($0, mode: .inference).mean, mode: .inference) }
    }

    /// `count` images decoded from z ~ N(0, I) scaled by `temperature` (below 1: fewer, more
    /// typical images; above 1: more varied, more broken ones), [count, 3, S, S].
    public func sample(count: Int, temperature: Float = 1, generator: inout SeededGenerator) -> Tensor {
        precondition(count > 0, "sample count \(count) must be positive")
        var z = Tensor.normal(shape: [count, architecture.latentDimension], using: &generator)
        if temperature != 1 {
            z.withUnsafeMutableBufferPointer { p in
                for i in 0..<p.count { p[i] *= temperature }
            }
        }
        return chunked(z) { decode($0, mode: .inference) }
    }

    /// Latent codes [N, latent] decoded (e.g. draws from a fitted prior), [N, 3, S, S].
    public func decodeCodes(_ codes: Tensor) -> Tensor {
        chunked(codes) { decode($0, mode: .inference) }
    }

    /// `steps` images decoded along the path between the posterior means of `start` and `end`
    /// ([3, S, S] each), both ends included: the first is `start`'s reconstruction, the last
    /// `end`'s. [steps, 3, S, S].
    public func interpolate(from start: Tensor, to end: Tensor, steps: Int,
                            path: LatentInterpolation = .linear) -> Tensor {
        precondition(steps >= 2, "an interpolation needs at least 2 steps (its two ends), not \(steps)")
        precondition(start.shape == end.shape, "interpolation ends have shapes \(start.shape) and \(end.shape)")
        let means = encodeMeans(Tensor(stacking: [start, end]))
        let a = means.slice(0).scalars, b = means.slice(1).scalars
        let codes = (0..<steps).map { i in
            Tensor(shape: [a.count], scalars: path.point(from: a, to: b, fraction: Double(i) / Double(steps - 1)))
        }
        return chunked(Tensor(stacking: codes)) { decode($0, mode: .inference) }
    }

    /// `body` over batches of at most `generationBatchSize` rows of `input`, results concatenated.
    private func chunked(_ input: Tensor, _ body: (Tensor) -> Tensor) -> Tensor {
        let n = input.shape[0], size = Self.generationBatchSize
        if n <= size { return body(input) }
        return Tensor(concatenating: stride(from: 0, to: n, by: size).map { body(input.slice($0..<min($0 + size, n))) })
    }
}
