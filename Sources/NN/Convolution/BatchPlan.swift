/// How a convolution spreads a batch over the cores.
///
/// Each worker takes a contiguous share of the images and runs its own im2col and single-threaded
/// GEMMs on cache-sized chunks of them, so a chunk's columns stay in cache between im2col and the
/// GEMM. With a single image there is one worker, and `splitsGEMMs` tells the caller to split its
/// GEMMs instead. The partition depends only on the batch, the chunk size and the worker count, so
/// results are reproducible bit for bit.
struct BatchPlan {
    let workers: Int
    let imagesPerChunk: Int
    /// Per worker, its chunks of images in order.
    let chunks: [[Range<Int>]]

    init(batch: Int, imagesPerChunk: Int, workers: Int = Parallel.workers) {
        let used = max(1, min(workers, batch))
        self.workers = used
        let perChunk = max(1, imagesPerChunk)
        self.imagesPerChunk = perChunk
        chunks = (0..<used).map { w in
            let share = (batch * w / used)..<(batch * (w + 1) / used)
            return Swift.stride(from: share.lowerBound, to: share.upperBound, by: perChunk).map {
                $0..<min($0 + perChunk, share.upperBound)
            }
        }
    }

    /// The plan for a convolution's batch: chunks sized by `ConvChunking` for its geometry.
    init(batch: Int, geometry g: ConvGeometry) {
        self.init(batch: batch, imagesPerChunk: ConvChunking.imagesPerChunk(
            batch: batch, plane: g.outputPlane, columnRows: g.columnRows))
    }

    /// True when one worker has the whole batch: its GEMMs should use `sgemm(parallel: true)`.
    var splitsGEMMs: Bool { workers == 1 && Parallel.workers > 1 }

    /// Runs `body(worker, images)` for every chunk; workers run concurrently, each over its own
    /// chunks in order.
    func run(_ body: (_ worker: Int, _ images: Range<Int>) -> Void) {
        Parallel.forEachChunk(workers) { range in
            for w in range { for images in chunks[w] { body(w, images) } }
        }
    }
}
