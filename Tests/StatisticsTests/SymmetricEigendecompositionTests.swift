import Foundation
import Testing
import Statistics

/// The eigensolver against numpy.linalg.eigvalsh, and A = Vᵀ diag(λ) V with V orthonormal on
/// random symmetric matrices up to 256 × 256; the PSD square root squared gives A back.
@Suite struct SymmetricEigendecompositionTests {
    static func randomSymmetric(_ n: Int, seed: UInt64) -> [Double] {
        var g = SplitMix64(seed: seed)
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0...i {
            let v = StandardNormal.draw(using: &g)
            a[i * n + j] = v; a[j * n + i] = v
        } }
        return a
    }

    /// Reference from numpy.linalg.eigvalsh on H + 2I, H the 5 × 5 Hilbert matrix (References/fd_reference.py).
    @Test func matchesNumpyOnHilbertPlusTwo() throws {
        let n = 5
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { a[i * n + j] = 1.0 / Double(1 + i + j) + (i == j ? 2 : 0) } }
        let reference = [2.000003287928772, 2.000305898040151, 2.011407491623421, 2.2085342186110135, 3.567050691098231]
        let eigen = try SymmetricEigendecomposition(symmetric: a, dimension: n)
        for (value, expected) in zip(eigen.eigenvalues, reference) {
            #expect(abs(value - expected) <= 1e-13 * expected)
        }
    }

    @Test(arguments: [1, 2, 7, 64, 256])
    func reconstructsAndIsOrthonormal(n: Int) throws {
        let a = Self.randomSymmetric(n, seed: UInt64(n))
        let eigen = try SymmetricEigendecomposition(symmetric: a, dimension: n)
        let v = eigen.eigenvectors, lambda = eigen.eigenvalues
        #expect(zip(lambda, lambda.dropFirst()).allSatisfy { $0 <= $1 })
        let scale = lambda.map(abs).max()!
        var worstReconstruction = 0.0, worstOrthogonality = 0.0
        for a1 in 0..<n { for b in 0..<n {
            var sum = 0.0, dot = 0.0
            for i in 0..<n { sum += lambda[i] * v[i * n + a1] * v[i * n + b]; dot += v[a1 * n + i] * v[b * n + i] }
            worstReconstruction = max(worstReconstruction, abs(sum - a[a1 * n + b]))
            worstOrthogonality = max(worstOrthogonality, abs(dot - (a1 == b ? 1 : 0)))
        } }
        #expect(worstReconstruction <= 1e-12 * scale * Double(n))
        #expect(worstOrthogonality <= 1e-13 * Double(n))
    }

    @Test func squareRootSquaredIsTheMatrixAndRoundingNegativesAreClamped() throws {
        // B Bᵀ of rank 3 in 6-d: three eigenvalues are zero up to rounding, some slightly negative.
        let n = 6, r = 3
        var g = SplitMix64(seed: 9)
        let b = (0..<(n * r)).map { _ in StandardNormal.draw(using: &g) }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { for k in 0..<r { a[i * n + j] += b[i * r + k] * b[j * r + k] } } }
        let root = try SymmetricEigendecomposition(symmetric: a, dimension: n).positiveSemidefiniteSquareRoot()
        for i in 0..<n { for j in 0..<n {
            var sum = 0.0
            for k in 0..<n { sum += root[i * n + k] * root[k * n + j] }
            #expect(abs(sum - a[i * n + j]) <= 1e-10)
        } }
    }

    @Test func clearlyNegativeEigenvalueThrows() throws {
        let eigen = try SymmetricEigendecomposition(symmetric: [1, 0, 0, -0.5], dimension: 2)
        #expect(eigen.eigenvalues == [-0.5, 1])
        #expect(throws: StatisticsError.self) { try eigen.positiveSemidefiniteSquareRoot() }
    }

    @Test func badInputThrows() {
        #expect(throws: StatisticsError.badShape("an eigendecomposition needs an n × n matrix (n ≥ 1); got 3 values for n = 2")) {
            try SymmetricEigendecomposition(symmetric: [1, 2, 3], dimension: 2)
        }
        #expect(throws: StatisticsError.nonFiniteValue(row: 1, column: 0)) {
            try SymmetricEigendecomposition(symmetric: [1, 0, .nan, 1], dimension: 2)
        }
    }
}
