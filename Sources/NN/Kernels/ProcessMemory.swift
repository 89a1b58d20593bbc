#if canImport(Glibc)
import CMalloc
#endif

/// Keeps large freed blocks in the process instead of returning them to the kernel.
///
/// glibc serves every block over its mmap threshold (at most 32 MB) with a fresh mapping and
/// unmaps it on free, so each new activation tensor of a large batch (tens of MB) costs a page
/// fault per 4 kB, on one thread: more than a cheap layer (an LRN) that fills it. Serving all blocks from the heap and never trimming it lets the next step reuse them.
enum ProcessMemory {
    static func keepFreedBlocks() {
        #if canImport(Glibc)
        _ = mallopt(M_MMAP_MAX, 0)
        _ = mallopt(M_TRIM_THRESHOLD, Int32.max)
        #endif
    }
}
