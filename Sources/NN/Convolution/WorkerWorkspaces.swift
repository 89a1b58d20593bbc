/// One set of scratch buffers per `BatchPlan` worker, so workers never share memory they write.
final class WorkerWorkspaces {
    final class Space {
        let columns = Workspace()
        let staging = Workspace()
        let weightGradient = Workspace()

        /// This worker's share of a weight gradient; zeroed at the worker's first chunk.
        func partialWeightGradient(count: Int, firstUse: Bool) -> UnsafeMutablePointer<Float> {
            let buffer = weightGradient.buffer(count: count)
            if firstUse { buffer.update(repeating: 0, count: count) }
            return buffer
        }
    }

    private var spaces: [Space] = []

    init() {}

    func prepare(_ workers: Int) {
        while spaces.count < workers { spaces.append(Space()) }
    }

    subscript(worker: Int) -> Space { spaces[worker] }

    /// Adds the workers' partial weight gradients into the parameter, in worker order, so the
    /// sum is the same on every run with the same worker count.
    func addPartialWeightGradients(into parameter: Parameter, workers: Int) {
        let count = parameter.gradient.count
        parameter.gradient.withUnsafeMutableBufferPointer { dw in
            for w in 0..<workers {
                let partial = spaces[w].weightGradient.buffer(count: count)
                for i in 0..<count { dw[i] += partial[i] }
            }
        }
    }
}
