import NN

/// Finite-difference check of the gradient of a scalar function of one tensor (a loss).
///
/// Each scalar of `point` is nudged by ±step (central differences) and the numeric derivative
/// compared with `analytic`: pass if |a − n| ≤ tolerance · max(1, |a|, |n|). Returns one line per
/// mismatch (at most `maximumReports`), empty when all agree.
public func gradientMismatches(
    of function: (Tensor) -> Double, at point: Tensor, analytic: Tensor, name: String = "x",
    step: Float = 1e-2, tolerance: Float = 1e-2, maximumReports: Int = 10
) -> [String] {
    guard analytic.shape == point.shape else {
        return ["\(name): gradient shape \(analytic.shape) != point shape \(point.shape)"]
    }
    var reports: [String] = []
    var x = point
    for i in 0..<x.count {
        let saved = x[flat: i]
        x[flat: i] = saved + step
        let plus = function(x)
        x[flat: i] = saved - step
        let minus = function(x)
        x[flat: i] = saved
        let numeric = (plus - minus) / (2 * Double(step)), a = Double(analytic[flat: i])
        if abs(a - numeric) > Double(tolerance) * max(1, abs(a), abs(numeric)), reports.count < maximumReports {
            reports.append("\(name)[\(i)]: analytic \(a), numeric \(numeric)")
        }
    }
    return reports
}
