/// A layer whose output has its input's shape and may overwrite it.
///
/// `forward(_:mode:)` must leave the caller's input intact, so it writes a new tensor. A caller that
/// owns its activation (Sequential, a model's hand-written forward) uses these forms instead and
/// skips that allocation; copy-on-write still protects any other holder of the storage.
public protocol InPlaceLayer: Layer {
    /// x = f(x), caching in `.training` what backward needs, as `forward(_:mode:)` does.
    func forward(inPlace x: inout Tensor, mode: Mode)
    /// dy = dL/dx, as `backward(dy, needsInputGradient: true)` returns it.
    func backward(inPlace dy: inout Tensor)
}
