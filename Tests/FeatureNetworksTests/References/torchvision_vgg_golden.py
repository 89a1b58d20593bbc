"""Golden values for TorchvisionVGGTests, computed once with torchvision in a throw-away venv:

    ~/venv-torch/bin/python Tests/FeatureNetworksTests/References/torchvision_vgg_golden.py

The weights are a closed formula that the Swift test evaluates too (float64, rounded to float32),
so no weight file is kept: tensor k of the state dict (torchvision's order), element i:
    conv / linear weight  2 / sqrt(fan_in) * sin(12.9898 i + 78.233 k)
    bias, running_mean    0.1 * sin(12.9898 i + 78.233 k)
    bn weight             1 + 0.2 * sin(...)
    running_var           0.75 + 0.5 * sin(...)**2
The input image is RGB [0, 1]: x[i] = 0.5 + 0.5 sin(0.731 i + 0.2) over [1, 3, 32, 32], normalised
as torchvision's ImageNet models expect.
"""
import numpy as np
import torch
import torchvision


def fill(name, shape, k):
    i = np.arange(int(np.prod(shape)), dtype=np.float64)
    s = np.sin(12.9898 * i + 78.233 * k)
    if name.endswith("running_var"):
        v = 0.75 + 0.5 * s * s
    elif name.endswith("running_mean") or name.endswith("bias"):
        v = 0.1 * s
    elif len(shape) == 1:  # batch-norm weight
        v = 1 + 0.2 * s
    else:
        v = 2 / np.sqrt(np.prod(shape[1:])) * s
    return torch.from_numpy(v.astype(np.float32).reshape(shape))


def model(build):
    m = build(weights=None).eval()
    state = m.state_dict()
    names = [n for n in state if not n.endswith("num_batches_tracked") and n.startswith("features")]
    m.load_state_dict({n: fill(n, tuple(state[n].shape), k) for k, n in enumerate(names)}, strict=False)
    return m


i = np.arange(3 * 32 * 32, dtype=np.float64)
x = torch.from_numpy((0.5 + 0.5 * np.sin(0.731 * i + 0.2)).astype(np.float32).reshape(1, 3, 32, 32))
mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
x = (x - mean) / std
torch.set_printoptions(precision=8)
for build, relu4_3, pool5 in [(torchvision.models.vgg16, 22, 30), (torchvision.models.vgg16_bn, 32, 43)]:
    m = model(build)
    with torch.no_grad():
        h = x
        out = {}
        for index, layer in enumerate(m.features):
            h = layer(h)
            out[index] = h
    print(build.__name__, "sum relu4_3", out[relu4_3].sum().item(), "max", out[relu4_3].max().item())
    print(build.__name__, "sum pool5", out[pool5].sum().item(), "max", out[pool5].max().item(),
          "pool5[0, 0:8, 0, 0]", out[pool5][0, 0:8, 0, 0].tolist())
