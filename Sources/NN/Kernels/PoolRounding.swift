/// How a pooling output size is rounded: down (PyTorch's default) or up (Caffe).
public enum PoolRounding: Sendable { case floor, ceil }
