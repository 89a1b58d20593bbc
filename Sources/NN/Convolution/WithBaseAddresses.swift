/// Runs `body` with the base addresses of `inputs` (in their order) and the buffer of `output`:
/// one closure where nested `withUnsafeBufferPointer` calls would stack one per array.
func withBaseAddresses<R>(_ inputs: [Float]..., output: inout [Float],
                          _ body: ([UnsafePointer<Float>], UnsafeMutableBufferPointer<Float>) -> R) -> R {
    func pinning(_ index: Int, _ pinned: [UnsafePointer<Float>]) -> R {
        guard index < inputs.count else { return output.withUnsafeMutableBufferPointer { body(pinned, $0) } }
        return inputs[index].withUnsafeBufferPointer { pinning(index + 1, pinned + [$0.baseAddress!]) }
    }
    return pinning(0, [])
}
