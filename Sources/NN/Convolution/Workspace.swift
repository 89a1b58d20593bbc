/// A growable scratch buffer reused across calls (darknet's workspace), so hot paths do not
/// allocate. Contents are not preserved when it grows.
final class Workspace {
    private var storage: UnsafeMutablePointer<Float>
    private var capacity = 0

    init() { storage = .allocate(capacity: 1) }
    deinit { storage.deallocate() }

    /// At least `count` scalars, valid until the next call that asks for more.
    func buffer(count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacity {
            storage.deallocate()
            storage = .allocate(capacity: count)
            capacity = count
        }
        return storage
    }

    /// Gives the memory back; the next `buffer` allocates again.
    func release() {
        storage.deallocate()
        storage = .allocate(capacity: 1)
        capacity = 0
    }
}
