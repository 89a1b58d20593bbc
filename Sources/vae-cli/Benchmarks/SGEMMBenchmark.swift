import NN

/// The physical limit: OpenBLAS sgemm on square matrices (W3).
enum SGEMMBenchmark {
    /// OpenBLAS's own multithreaded sgemm (W3's definition of the ceiling), or with
    /// `openBLASThreads: false` the project's way: OpenBLAS single-threaded, C split over our workers.
    static func gflops(size n: Int, repetitions: Int, openBLASThreads: Bool) -> Double {
        var generator = SeededGenerator(seed: 3)
        let a = Tensor.uniform(shape: [n, n], using: &generator)
        let b = Tensor.uniform(shape: [n, n], using: &generator)
        var c = Tensor(zeros: [n, n])
        let workers = Parallel.workers   // also pins OpenBLAS to one thread, restored below
        if openBLASThreads { BLASThreads.set(workers) }
        defer { BLASThreads.set(1) }
        let seconds = a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    Stopwatch.median(repetitions: repetitions) {
                        sgemm(m: n, n: n, k: n, a: ap.baseAddress!, b: bp.baseAddress!, c: cp.baseAddress!,
                              parallel: !openBLASThreads)
                    }
                }
            }
        }
        return 2 * Double(n * n * n) / seconds / 1e9
    }
}

/// Forward and backward (data and weight gradients) of one convolution layer, timed apart.
enum ConvolutionBenchmark {
    struct Result { let forwardSeconds: Double, backwardSeconds: Double }

    static func measure(_ shape: ConvolutionShape, repetitions: Int) -> Result {
        var generator = SeededGenerator(seed: 5)
        let layer = shape.makeLayer(generator: &generator)
        let x = Tensor.uniform(shape: [shape.batch, shape.inputChannels, shape.size, shape.size],
                               low: -1, high: 1, using: &generator)
        var y = layer.forward(x, mode: .inference)
        let forward = Stopwatch.median(repetitions: repetitions) { y = layer.forward(x, mode: .inference) }
        let dy = Tensor.uniform(shape: y.shape, low: -1, high: 1, using: &generator)
        // Each backward needs its own training forward; only the backward is timed.
        var times: [Double] = []
        for rep in 0...repetitions {
            _ = layer.forward(x, mode: .training)
            let t = Stopwatch.seconds { _ = layer.backward(dy, needsInputGradient: true) }
            if rep > 0 { times.append(t) }   // the first is a warm-up
        }
        times.sort()
        let mid = times.count / 2
        return Result(forwardSeconds: forward,
                      backwardSeconds: times.count % 2 == 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2)
    }
}
