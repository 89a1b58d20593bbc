/// Layers run in order; backward runs them in reverse.
///
/// The activations between layers belong to Sequential alone, so in-place layers overwrite them
/// instead of allocating. The input and the incoming gradient belong to the caller and are never
/// overwritten (copy-on-write would copy them anyway).
public final class Sequential: Layer {
    public let layers: [Layer]

    public init(_ layers: [Layer]) {
        self.layers = layers
    }

    public var parameters: [Parameter] { layers.flatMap { $0.parameters } }
    public var buffers: [Parameter] { layers.flatMap { $0.buffers } }

    public func forward(_ x: Tensor, mode: Mode) -> Tensor {
        var h = x
        for (index, layer) in layers.enumerated() {
            if index > 0, let inPlace = layer as? InPlaceLayer {
                inPlace.forward(inPlace: &h, mode: mode)
            } else {
                h = layer.forward(h, mode: mode)
            }
        }
        return h
    }

    /// Only the first layer may skip its input gradient; the others must pass one on.
    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor? {
        var g = dy
        for (index, layer) in layers.enumerated().reversed() {
            let isFirst = index == 0, isLast = index == layers.count - 1
            if !isLast, (!isFirst || needsInputGradient), let inPlace = layer as? InPlaceLayer {
                inPlace.backward(inPlace: &g)
            } else {
                guard let next = layer.backward(g, needsInputGradient: !isFirst || needsInputGradient) else {
                    precondition(isFirst && !needsInputGradient, "layer \(index) of Sequential returned no input gradient")
                    return nil
                }
                g = next
            }
        }
        return g
    }
}
