/// One rank's part of every batch when `count` processes train on one global batch: the
/// contiguous images `range(ofBatchOf:)` of the batch's members, in the batch's order, so the
/// ranks' shards put side by side are the batch a single process would take.
public struct BatchShard: Sendable, Equatable {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) {
        precondition(count > 0 && (0..<count).contains(index), "shard \(index) of \(count)")
        self.index = index
        self.count = count
    }

    /// This shard's positions among a batch's `members`: sizes differ by at most one image.
    public func range(ofBatchOf members: Int) -> Range<Int> {
        members * index / count..<members * (index + 1) / count
    }
}
