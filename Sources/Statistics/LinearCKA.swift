import Foundation

/// Linear centred kernel alignment (Kornblith, Norouzi, Lee and Hinton, "Similarity of Neural
/// Network Representations Revisited", ICML 2019): how alike two representations X (N x D1) and
/// Y (N x D2) of the same N examples are, from 0 to 1,
///
///     CKA = ⟨HKH, HLH⟩_F / (‖HKH‖_F ‖HLH‖_F),   K = XXᵀ, L = YYᵀ, H = I − 11ᵀ/N,
///
/// which for these linear kernels equals their ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F) on centred
/// features. It is unchanged by an orthogonal transform or an isotropic scaling of either side,
/// but not by any invertible linear map (which would make every wide layer alike).
public enum LinearCKA {
    public static func similarity(_ k: CentredGram, _ l: CentredGram) throws -> Double {
        guard k.count == l.count else {
            throw StatisticsError.mismatch("CKA compares representations of the same examples; got \(k.count) and \(l.count)")
        }
        let (squaredK, squaredL) = (k.squaredNorm, l.squaredNorm)
        guard squaredK > 0, squaredL > 0 else {
            throw StatisticsError.invalidArgument(
                "CKA is undefined: the \(squaredK > 0 ? "second" : "first") representation is the same for every example")
        }
        var inner = 0.0
        for i in 0..<k.values.count { inner += k.values[i] * l.values[i] }
        // √(a·a) is a exactly in IEEE arithmetic, so identical representations give exactly 1.
        return inner / (squaredK * squaredL).squareRoot()
    }

    /// From the features themselves, in float64.
    public static func similarity(_ x: SampleMatrix, _ y: SampleMatrix) throws -> Double {
        try similarity(CentredGram(x), CentredGram(y))
    }
}
