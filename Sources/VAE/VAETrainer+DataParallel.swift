import Datasets
import Distributed
import Foundation
import NN

/// The training step when the ranks of an MPI job share every batch (`BatchShard`).
///
/// Each rank runs the forward and backward on its own images only. The loss terms and the
/// gradients are then sums over the ranks of each rank's mean weighted by its share of the batch's
/// images, which is the whole batch's mean: the step one process would take on the whole batch,
/// up to the order of the float additions. Every rank then runs the same Adam step on the same
/// averaged gradients, so the weights stay identical on every rank without being sent.
extension VAETrainer {
    public struct DataParallelStep {
        /// The whole batch's loss terms; nil when no rank could read any of the batch's images
        /// (the step is then not taken, as one process skips such a batch).
        public let terms: LossTerms?
        /// Images in the whole batch (every rank's readable ones).
        public let images: Int
        /// Whether some rank was asked to stop (Ctrl-C or SIGUSR1): every rank stops after this step.
        public let stopRequested: Bool
        /// Time spent in the gradients' all-reduce on this rank.
        public let allReduceSeconds: Double
    }

    /// Floats each step's all-reduce carries: every parameter's gradient and the batch-norm
    /// running statistics, in one buffer.
    public var allReducedFloats: Int {
        (model.parameters + model.buffers).reduce(0) { $0 + $1.value.count }
    }

    /// One step on this rank's `batch` (its shard of the global batch). Two sums over the ranks:
    /// first the loss terms and image counts (a few doubles), so that a non-finite loss on any rank
    /// stops every rank before the backward pass; then the gradients in one fused buffer. Throws on
    /// every rank alike when the whole batch's loss or a gradient is not finite.
    public func trainStep(shard batch: Batch, job: MPIJob, stopRequested: Bool) throws -> DataParallelStep {
        let images = batch.images, count = batch.count
        let klWeight = configuration.klWeight(atStep: step)
        var local: (terms: LossTerms, output: VAEOutput, gradient: Tensor, kl: GaussianKL)?
        if count > 0 {
            let out = model.forward(images, mode: .training, noiseRows: (batch.plannedCount, batch.plannedPositions),
                                    generator: &generator)
            let perceptual = try loss.evaluate(reconstruction: out.reconstruction, target: images)
            let kl = GaussianKL(mean: out.mean, logVariance: out.logVariance, weight: klWeight)
            let klValue = Double(GaussianKL(mean: out.mean, logVariance: out.logVariance).value)
            local = (LossTerms(perceptual: perceptual, kl: klValue, klWeight: klWeight), out, perceptual.gradient!, kl)
        } else {
            // The noise of the images other ranks hold: drawn here too, so every rank's generator
            // stays where one process's would be.
            _ = Tensor.normal(shape: [batch.plannedCount, configuration.architecture.latentDimension], using: &generator)
        }

        // [images, stop, total, reconstruction, layer terms..., pixel, kl], each term times the images.
        let layerCount = configuration.loss.layers.count
        var sums = [Double(count), stopRequested ? 1 : 0]
        if let terms = local?.terms {
            let gradientFinite = local!.gradient.scalars.allSatisfy(\.isFinite)
            let n = Double(count)
            // A non-finite gradient of the loss counts as a non-finite loss, as in one process.
            sums += [gradientFinite ? terms.total * n : .nan, terms.reconstruction * n] + terms.layerTerms.map { $0.value * n }
                + [terms.pixel * n, terms.kl * n]
        } else {
            sums += [Double](repeating: 0, count: 4 + layerCount)
        }
        job.sum(&sums)
        let total = sums[0]
        let stop = sums[1] > 0
        guard total > 0 else { return DataParallelStep(terms: nil, images: 0, stopRequested: stop, allReduceSeconds: 0) }
        let layerTerms = zip(configuration.loss.layers, sums[4..<4 + layerCount]).map { ($0, $1 / total) }
        let terms = LossTerms(total: sums[2] / total, reconstruction: sums[3] / total, layerTerms: layerTerms,
                              pixel: sums[4 + layerCount] / total, kl: sums[5 + layerCount] / total,
                              klWeight: Double(klWeight))
        guard terms.total.isFinite else {
            throw TrainingError.nonFiniteLoss(step: step, epoch: batch.epoch, batch: batch.index, terms: Self.describe(terms))
        }

        for p in model.parameters { p.zeroGradient() }
        if let local {
            model.backward(reconstructionGradient: local.gradient, meanGradient: local.kl.meanGradient,
                           logVarianceGradient: local.kl.logVarianceGradient)
        }
        let allReduceSeconds = averageGradients(share: Float(Double(count) / total), ranks: job.size, job: job)
        let overflowed = model.parameters.first { p in p.gradient.withUnsafeBufferPointer { !$0.allSatisfy(\.isFinite) } }
        if let overflowed {
            throw TrainingError.nonFiniteGradient(step: step, epoch: batch.epoch, batch: batch.index, parameter: overflowed.name)
        }
        takeOptimizerStep()
        return DataParallelStep(terms: terms, images: Int(total), stopRequested: stop, allReduceSeconds: allReduceSeconds)
    }

    /// Replaces each gradient by the sum over the ranks of gradient × the rank's `share` of the
    /// batch, and each batch-norm running statistic by its mean over the ranks (each rank's
    /// statistics come from its own images; averaging keeps every rank's copy, and so the
    /// checkpoint, the same). One MPI_Allreduce over one buffer; returns its seconds.
    private func averageGradients(share: Float, ranks: Int, job: MPIJob) -> Double {
        let parameters = model.parameters, buffers = model.buffers
        var fused = [Float](repeating: 0, count: allReducedFloats)
        var offset = 0
        fused.withUnsafeMutableBufferPointer { out in
            for p in parameters {
                p.gradient.withUnsafeBufferPointer { g in for i in 0..<g.count { out[offset + i] = g[i] * share } }
                offset += p.gradient.count
            }
            let rankShare = 1 / Float(ranks)
            for b in buffers {
                b.value.withUnsafeBufferPointer { v in for i in 0..<v.count { out[offset + i] = v[i] * rankShare } }
                offset += b.value.count
            }
        }
        let start = DispatchTime.now().uptimeNanoseconds
        job.sum(&fused)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        offset = 0
        fused.withUnsafeBufferPointer { sums in
            for p in parameters {
                p.gradient.withUnsafeMutableBufferPointer { g in for i in 0..<g.count { g[i] = sums[offset + i] } }
                offset += p.gradient.count
            }
            for b in buffers {
                b.value.withUnsafeMutableBufferPointer { v in for i in 0..<v.count { v[i] = sums[offset + i] } }
                offset += b.value.count
            }
        }
        return seconds
    }
}
