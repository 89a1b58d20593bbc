/// Training failed in a way the run must stop for.
///
/// `step`, `epoch` and `batch` count from 0 (`step`: the steps taken before the failing one); the
/// messages count from 1, as metrics-steps.csv does.
public enum TrainingError: Error, CustomStringConvertible {
    case nonFiniteLoss(step: Int, epoch: Int, batch: Int, terms: String)
    /// The loss was finite but the backward pass overflowed into `parameter`'s gradient.
    case nonFiniteGradient(step: Int, epoch: Int, batch: Int, parameter: String)
    /// The weights reconstruct a validation batch as non-finite values.
    case nonFiniteValidationLoss(epoch: Int, terms: String)
    /// The training split cannot fill one batch (the last partial batch of an epoch is dropped).
    case tooFewImages(folder: String, images: Int, batchSize: Int)
    /// An MPI job with more ranks than a batch has images: some rank would have none, every step.
    case moreRanksThanImages(ranks: Int, batchSize: Int)

    public var description: String {
        switch self {
        case let .nonFiniteLoss(step, epoch, batch, terms):
            return "the loss is not finite at step \(step + 1) (epoch \(epoch + 1), batch \(batch + 1)): \(terms); "
                + "try a lower --lr or a KL warm-up"
        case let .nonFiniteGradient(step, epoch, batch, parameter):
            return "the gradient of \(parameter) is not finite at step \(step + 1) (epoch \(epoch + 1), batch \(batch + 1)) "
                + "although the loss is; try a lower --lr or a KL warm-up"
        case let .nonFiniteValidationLoss(epoch, terms):
            return "the validation loss is not finite after epoch \(epoch + 1): \(terms); try a lower --lr or a KL warm-up"
        case let .tooFewImages(folder, images, batchSize):
            return "\(folder): the training split has \(images) images, fewer than one batch of \(batchSize); use a smaller --batch-size"
        case let .moreRanksThanImages(ranks, batchSize):
            return "\(ranks) MPI ranks cannot share batches of \(batchSize) images; use a --batch-size of at least \(ranks) "
                + "or fewer ranks"
        }
    }
}
