import Foundation
import NN

/// Exact t-SNE (van der Maaten and Hinton, 2008) to two dimensions, with scikit-learn's
/// optimiser: early exaggeration, momentum 0.5 then 0.8, per-coordinate gains, and its "auto"
/// learning rate. O(N²) time and memory per iteration: fine up to a few thousand points.
///
/// Rows are first projected to `pcaDimensions` principal dimensions (`PrincipalComponents`).
/// Seeded, and bit-for-bit reproducible: every row's sums run in a fixed order whatever the
/// worker count.
public struct TSNE: Sendable {
    public var perplexity: Double
    public var iterations: Int
    public var earlyExaggeration: Double
    public var exaggerationIterations: Int
    /// nil: max(N / earlyExaggeration / 4, 50), as scikit-learn's "auto".
    public var learningRate: Double?
    public var pcaDimensions: Int
    public var seed: UInt64

    public init(perplexity: Double = 30, iterations: Int = 1000, earlyExaggeration: Double = 12,
                exaggerationIterations: Int = 250, learningRate: Double? = nil, pcaDimensions: Int = 50, seed: UInt64 = 0) {
        precondition(perplexity > 0 && iterations > 0 && earlyExaggeration >= 1 && exaggerationIterations >= 0
                     && pcaDimensions > 0 && (learningRate ?? 1) > 0,
                     "t-SNE: perplexity \(perplexity), iterations \(iterations), exaggeration \(earlyExaggeration) "
                     + "for \(exaggerationIterations), learning rate \(learningRate ?? 0), \(pcaDimensions) PCA dimensions")
        self.perplexity = perplexity
        self.iterations = iterations
        self.earlyExaggeration = earlyExaggeration
        self.exaggerationIterations = exaggerationIterations
        self.learningRate = learningRate
        self.pcaDimensions = pcaDimensions
        self.seed = seed
    }

    public struct Result: Sendable {
        public let x: [Double]
        public let y: [Double]
        /// KL(P ‖ Q) of the final map, without exaggeration.
        public let klDivergence: Double
        /// The perplexity used: the one asked for, lowered to (N − 1) / 3 for small N.
        public let perplexity: Double
    }

    /// The map of the rows of `features` `[N, D]`, N ≥ 2. `progress(done, total)` comes once the
    /// affinities are ready (done 0) and after every iteration.
    public func embed(_ features: Tensor, progress: (Int, Int) -> Void = { _, _ in }) -> Result {
        precondition(features.rank == 2 && features.shape[0] >= 2, "t-SNE needs rows [N >= 2, D], found \(features.shape)")
        let n = features.shape[0]
        let points = PrincipalComponents.project(features, dimensions: pcaDimensions, seed: seed)
        // Fewer than 3 x perplexity neighbours cannot carry that perplexity (openTSNE's rule).
        let perplexity = min(self.perplexity, max(1, Double(n - 1) / 3))
        let p = Self.jointProbabilities(Self.squaredDistances(points), count: n, perplexity: perplexity)
        let rate = learningRate ?? max(Double(n) / earlyExaggeration / 4, 50)

        var generator = SeededGenerator(seed: seed)
        var y = (0..<2 * n).map { _ in 1e-4 * Double(generator.nextNormal()) }
        var update = [Double](repeating: 0, count: 2 * n), gains = [Double](repeating: 1, count: 2 * n)
        var gradient = [Double](repeating: 0, count: 2 * n), rowSums = [Double](repeating: 0, count: n)
        progress(0, iterations)
        for iteration in 0..<iterations {
            let exaggeration = iteration < exaggerationIterations ? earlyExaggeration : 1
            let momentum = iteration < exaggerationIterations ? 0.5 : 0.8
            if iteration == exaggerationIterations {   // scikit-learn starts its second phase afresh
                update = [Double](repeating: 0, count: 2 * n)
                gains = [Double](repeating: 1, count: 2 * n)
            }
            Self.gradient(p: p, y: y, count: n, exaggeration: exaggeration, rowSums: &rowSums, into: &gradient)
            for i in 0..<2 * n {
                gains[i] = update[i] * gradient[i] < 0 ? gains[i] + 0.2 : max(gains[i] * 0.8, 0.01)
                update[i] = momentum * update[i] - rate * gains[i] * gradient[i]
                y[i] += update[i]
            }
            for axis in 0..<2 {   // keep the map centred, as the reference implementation does
                let mean = stride(from: axis, to: 2 * n, by: 2).reduce(0) { $0 + y[$1] } / Double(n)
                for i in stride(from: axis, to: 2 * n, by: 2) { y[i] -= mean }
            }
            progress(iteration + 1, iterations)
        }
        let kl = Self.klDivergence(p: p, y: y, count: n)
        return Result(x: stride(from: 0, to: 2 * n, by: 2).map { y[$0] }, y: stride(from: 1, to: 2 * n, by: 2).map { y[$0] },
                      klDivergence: kl, perplexity: perplexity)
    }

    /// Squared Euclidean distances between rows, `[N * N]`, in Double.
    static func squaredDistances(_ x: Tensor) -> [Double] {
        let (n, width) = (x.shape[0], x.shape[1])
        var distances = [Double](repeating: 0, count: n * n)
        x.withUnsafeBufferPointer { xp in
            distances.withUnsafeMutableBufferPointer { d in
                Parallel.forEachChunk(n) { range in
                    for i in range {
                        for j in 0..<n where j != i {
                            var sum = 0.0
                            for k in 0..<width {
                                let difference = Double(xp[i * width + k]) - Double(xp[j * width + k])
                                sum += difference * difference
                            }
                            d[i * n + j] = sum
                        }
                    }
                }
            }
        }
        return distances
    }

    /// Symmetric P: each row's Gaussian conditional P(j|i), its width found by bisection so its
    /// perplexity is `perplexity`; then (P(j|i) + P(i|j)) / 2N, floored at 1e-12 off the diagonal.
    static func jointProbabilities(_ distances: [Double], count n: Int, perplexity: Double) -> [Double] {
        var conditional = [Double](repeating: 0, count: n * n)
        let target = log(perplexity)
        distances.withUnsafeBufferPointer { d in
            conditional.withUnsafeMutableBufferPointer { p in
                Parallel.forEachChunk(n) { range in
                    for i in range {
                        let row = d.baseAddress! + i * n, out = p.baseAddress! + i * n
                        // Distances relative to the nearest neighbour: the same P, without underflow.
                        var nearest = Double.infinity, total = 0.0
                        for j in 0..<n where j != i { nearest = min(nearest, row[j]); total += row[j] }
                        let meanShifted = max(total / Double(n - 1) - nearest, 1e-12)
                        var beta = 1 / meanShifted, low = 0.0, high = Double.infinity, sum = 0.0
                        for _ in 0..<200 {
                            var weighted = 0.0
                            sum = 0
                            for j in 0..<n where j != i {
                                let e = exp(-(row[j] - nearest) * beta)
                                out[j] = e
                                sum += e
                                weighted += (row[j] - nearest) * e
                            }
                            let entropy = log(sum) + beta * weighted / sum
                            let difference = entropy - target
                            if abs(difference) < 1e-5 { break }
                            if difference > 0 {   // too flat: narrow the Gaussian
                                low = beta
                                beta = high.isInfinite ? beta * 2 : (beta + high) / 2
                            } else {
                                high = beta
                                beta = (beta + low) / 2
                            }
                        }
                        for j in 0..<n where j != i { out[j] /= sum }   // the last step's row, normalised
                        out[i] = 0
                    }
                }
            }
        }
        var joint = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n where j != i {
                joint[i * n + j] = max((conditional[i * n + j] + conditional[j * n + i]) / Double(2 * n), 1e-12)
            }
        }
        return joint
    }

    /// dC/dy_i = 4 Σ_j (exaggeration · p_ij − q_ij) (1 + |y_i − y_j|²)⁻¹ (y_i − y_j).
    static func gradient(p: [Double], y: [Double], count n: Int, exaggeration: Double, rowSums: inout [Double],
                         into gradient: inout [Double]) {
        p.withUnsafeBufferPointer { pp in
            y.withUnsafeBufferPointer { yp in
                rowSums.withUnsafeMutableBufferPointer { sums in
                    // Pass 1: Z = Σ_{i≠j} (1 + |y_i − y_j|²)⁻¹, row by row, added in row order.
                    Parallel.forEachChunk(n) { range in
                        for i in range {
                            var sum = 0.0
                            let (xi, yi) = (yp[2 * i], yp[2 * i + 1])
                            for j in 0..<n where j != i {
                                let dx = xi - yp[2 * j], dy = yi - yp[2 * j + 1]
                                sum += 1 / (1 + dx * dx + dy * dy)
                            }
                            sums[i] = sum
                        }
                    }
                    let inverseZ = 1 / sums.reduce(0, +)
                    gradient.withUnsafeMutableBufferPointer { g in
                        Parallel.forEachChunk(n) { range in
                            for i in range {
                                var gx = 0.0, gy = 0.0
                                let (xi, yi) = (yp[2 * i], yp[2 * i + 1])
                                for j in 0..<n where j != i {
                                    let dx = xi - yp[2 * j], dy = yi - yp[2 * j + 1]
                                    let kernel = 1 / (1 + dx * dx + dy * dy)
                                    let strength = (exaggeration * pp[i * n + j] - kernel * inverseZ) * kernel
                                    gx += strength * dx
                                    gy += strength * dy
                                }
                                g[2 * i] = 4 * gx
                                g[2 * i + 1] = 4 * gy
                            }
                        }
                    }
                }
            }
        }
    }

    /// Σ p_ij log(p_ij / q_ij) over i ≠ j.
    static func klDivergence(p: [Double], y: [Double], count n: Int) -> Double {
        var z = 0.0
        for i in 0..<n {
            for j in 0..<n where j != i {
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                z += 1 / (1 + dx * dx + dy * dy)
            }
        }
        var kl = 0.0
        for i in 0..<n {
            for j in 0..<n where j != i {
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                let q = max(1 / (1 + dx * dx + dy * dy) / z, 1e-12)
                kl += p[i * n + j] * log(p[i * n + j] / q)
            }
        }
        return kl
    }
}
