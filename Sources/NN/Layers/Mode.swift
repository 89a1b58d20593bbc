/// Whether a forward pass keeps what backward needs (training) or only computes (inference).
/// Passed into every call, never global.
public enum Mode: Sendable { case training, inference }
